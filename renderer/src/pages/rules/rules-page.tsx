import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RoutingConfig } from '../../../../shared/routing';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/page';
import { rulesStore, selectDirty, selectRuleContext, useRules } from '../../stores/rules-store';
import '../requests/page-common.css';
import { DryRunPanel } from './dry-run-panel';
import { ProblemList } from './form-field';
import { describeRule, errorCount, validateDrafts, type RuleDraft, type RuleErrors } from './rule-draft';
import { RuleForm } from './rule-form';
import './rules.css';

/** Model names worth suggesting: every model the rules and aliases in force name. */
function knownModels(inForce: RoutingConfig | null): string[] {
  const models = new Set<string>();
  if (!inForce) return [];
  for (const value of Object.values(inForce.aliases)) {
    for (const target of Array.isArray(value) ? value : [value]) models.add(target.model);
  }
  for (const rule of inForce.rules) {
    for (const glob of rule.when?.models ?? [])
      if (!glob.includes('*') && !glob.includes('?')) models.add(glob);
    const then = rule.then;
    const refs = 'route' in then ? [then.route] : 'chain' in then ? then.chain : [];
    for (const ref of refs) if (typeof ref !== 'string') models.add(ref.model);
  }
  return [...models].sort((a, b) => a.localeCompare(b));
}

function RuleCard({
  draft,
  index,
  count,
  errors,
  problems,
  expanded,
  onToggleExpanded,
}: {
  draft: RuleDraft;
  index: number;
  count: number;
  errors: RuleErrors;
  problems: string[];
  expanded: boolean;
  onToggleExpanded: () => void;
}) {
  const { providers, aliases, budgetIds } = useRules(
    useShallow((s) => ({ providers: s.providers, aliases: s.aliases, budgetIds: s.budgetIds })),
  );
  const store = rulesStore.getState();
  const label = draft.id.trim() || `#${index + 1}`;
  const localCount = Object.keys(errors).length;
  const headingId = `rule-${draft.key}-title`;
  const formId = `rule-${draft.key}-form`;
  return (
    <li
      className={`rule-card${draft.enabled ? '' : ' is-disabled'}${localCount + problems.length > 0 ? ' has-problems' : ''}`}
      aria-labelledby={headingId}
    >
      <div className="rule-head">
        <span className="rule-order" aria-hidden="true">
          {index + 1}
        </span>
        <div className="rule-title">
          <h3 id={headingId}>
            {label}
            {draft.name.trim() && <span className="fb-muted"> — {draft.name.trim()}</span>}
            {!draft.enabled && <span className="fb-badge"> disabled</span>}
          </h3>
          <p className="rule-summary">{describeRule(draft)}</p>
        </div>
        <label className="fb-check rule-switch">
          <input
            type="checkbox"
            role="switch"
            checked={draft.enabled}
            aria-label={`Enable rule ${label}`}
            onChange={(e) => store.update(draft.key, { enabled: e.target.checked })}
          />
          <span aria-hidden="true">{draft.enabled ? 'On' : 'Off'}</span>
        </label>
        <div className="fb-actions">
          <button
            type="button"
            className="button fb-icon"
            aria-label={`Move rule ${label} up`}
            disabled={index === 0}
            onClick={() => store.move(draft.key, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="button fb-icon"
            aria-label={`Move rule ${label} down`}
            disabled={index === count - 1}
            onClick={() => store.move(draft.key, 1)}
          >
            ↓
          </button>
          <button
            type="button"
            className="button"
            aria-expanded={expanded}
            aria-controls={formId}
            aria-label={`${expanded ? 'Close' : 'Edit'} rule ${label}`}
            onClick={onToggleExpanded}
          >
            {expanded ? 'Close' : 'Edit'}
          </button>
          <button
            type="button"
            className="button fb-danger"
            aria-label={`Delete rule ${label}`}
            onClick={() => store.remove(draft.key)}
          >
            Delete
          </button>
        </div>
      </div>
      {localCount > 0 && !expanded && (
        <p className="fb-field-error">
          {localCount} problem{localCount === 1 ? '' : 's'} in this rule — open it to fix.
        </p>
      )}
      {/* The core's messages; shown once the form's own checks pass, as those name the field precisely. */}
      {localCount === 0 && <ProblemList problems={problems} label={`Problems with rule ${label}`} />}
      {expanded && (
        <div id={formId}>
          <RuleForm
            draft={draft}
            errors={errors}
            providers={providers}
            aliases={aliases}
            budgetIds={budgetIds}
            modelListId="rules-known-models"
            onChange={(patch) => store.update(draft.key, patch)}
          />
        </div>
      )}
    </li>
  );
}

export function RulesPage() {
  const state = useRules(
    useShallow((s) => ({
      loading: s.loading,
      error: s.error,
      drafts: s.drafts,
      providers: s.providers,
      providersError: s.providersError,
      aliases: s.aliases,
      inForce: s.inForce,
      serverProblems: s.serverProblems,
      validating: s.validating,
      saving: s.saving,
      saveMessage: s.saveMessage,
      dirty: selectDirty(s),
    })),
  );
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const store = rulesStore.getState();

  // Unsaved edits survive leaving the page (the store outlives it); only a clean editor reloads.
  useEffect(() => {
    const current = rulesStore.getState();
    if (current.loading || !selectDirty(current)) void current.load();
  }, []);

  const context = useMemo(
    () => selectRuleContext({ providers: state.providers, aliases: state.aliases }),
    [state.providers, state.aliases],
  );
  const errors = useMemo(() => validateDrafts(state.drafts, context), [state.drafts, context]);
  const problemCount = errorCount(errors);
  const models = useMemo(() => knownModels(state.inForce), [state.inForce]);

  const toggle = (key: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const addRule = () => {
    const key = store.add();
    setExpanded((current) => new Set(current).add(key));
  };

  const actions = (
    <>
      <button type="button" className="button" onClick={addRule} disabled={state.loading}>
        Add rule
      </button>
      <button
        type="button"
        className="button"
        onClick={() => store.revert()}
        disabled={!state.dirty || state.saving}
      >
        Discard changes
      </button>
      <button
        type="button"
        className="button button-primary fb-primary"
        onClick={() => void store.save()}
        disabled={state.saving || state.loading || !state.dirty}
      >
        {state.saving ? 'Saving…' : 'Save rules'}
      </button>
    </>
  );

  return (
    <Page
      title="Rules"
      description="Routing rules decide where each request goes. The first enabled rule that matches wins."
      actions={actions}
      error={state.error}
    >
      <div className="fb-page page-rules">
        <div className="rules-status" aria-live="polite">
          {state.saveMessage && (
            <p
              className={`fb-banner ${state.saveMessage.kind === 'ok' ? 'is-ok' : 'is-error'}`}
              role={state.saveMessage.kind === 'error' ? 'alert' : 'status'}
            >
              {state.saveMessage.text}
            </p>
          )}
          {!state.saveMessage && state.dirty && (
            <p className="fb-muted">
              Unsaved changes
              {problemCount > 0 ? ` · ${problemCount} problem${problemCount === 1 ? '' : 's'} to fix` : ''}
              {state.validating ? ' · checking…' : ''}
            </p>
          )}
          {state.providersError && (
            <p className="fb-banner is-warn">
              Could not list the providers ({state.providersError}); provider ids are checked on save.
            </p>
          )}
          <ProblemList problems={state.serverProblems.general} label="Problems with the rule set" />
        </div>

        <datalist id="rules-known-models">
          {models.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>

        {state.loading ? (
          <p className="fb-muted">Loading rules…</p>
        ) : state.drafts.length === 0 ? (
          <EmptyState title="No routing rules yet" action={{ label: 'Add a rule', onClick: addRule }}>
            <p>
              Without rules every request goes to the provider its tool asked for. Add a rule to send, say,
              Claude Code’s small requests (<code>claude-*</code>, under 20,000 input tokens) to a cheaper
              model, then test it below with a dry run before saving.
            </p>
          </EmptyState>
        ) : (
          <ol className="rule-list" aria-label="Rules in order of priority">
            {state.drafts.map((draft, index) => (
              <RuleCard
                key={draft.key}
                draft={draft}
                index={index}
                count={state.drafts.length}
                errors={errors[index] ?? {}}
                problems={state.serverProblems.byIndex[index] ?? []}
                expanded={expanded.has(draft.key)}
                onToggleExpanded={() => toggle(draft.key)}
              />
            ))}
          </ol>
        )}

        {state.aliases.length > 0 && (
          <section className="fb-card" aria-labelledby="aliases-title">
            <h2 id="aliases-title">Aliases</h2>
            <p className="fb-muted">
              Names usable as targets (and by clients as model names). They are defined under{' '}
              <code>aliases</code> in the config file; saving here keeps them as they are.
            </p>
            <ul className="alias-list">
              {state.aliases.map((alias) => {
                const value = state.inForce?.aliases[alias];
                const targets = value ? (Array.isArray(value) ? value : [value]) : [];
                return (
                  <li key={alias}>
                    <code>{alias}</code> →{' '}
                    {targets.length > 0
                      ? targets.map((t) => `${t.provider} / ${t.model}`).join(', then ')
                      : 'not in force (invalid)'}
                  </li>
                );
              })}
            </ul>
          </section>
        )}

        <DryRunPanel />
      </div>
    </Page>
  );
}
