import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/empty-state';
import { Page } from '../../components/page';
import { formatUsd } from '../../lib/format';
import {
  budgetsStore,
  selectBudgetContext,
  selectBudgetsDirty,
  statusFor,
  useBudgets,
} from '../../stores/budgets-store';
import '../requests/page-common.css';
import { ProblemList } from '../rules/form-field';
import { BudgetForm } from './budget-form';
import { describeScope, describeThresholds, validateBudgetDrafts } from './budget-draft';
import { BudgetStatusCard, periodLabel } from './budget-status-card';
import './budgets.css';

function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

export function BudgetsPage() {
  const state = useBudgets(
    useShallow((s) => ({
      loading: s.loading,
      error: s.error,
      status: s.status,
      statusError: s.statusError,
      lastCrossing: s.lastCrossing,
      drafts: s.drafts,
      problems: s.problems,
      providers: s.providers,
      aliases: s.aliases,
      saving: s.saving,
      saveMessage: s.saveMessage,
      dirty: selectBudgetsDirty(s),
    })),
  );
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const store = budgetsStore.getState();
  const zones = useMemo(timeZones, []);

  useEffect(() => budgetsStore.getState().start(), []);

  const context = useMemo(
    () => selectBudgetContext({ providers: state.providers, aliases: state.aliases }),
    [state.providers, state.aliases],
  );
  const errors = useMemo(() => validateBudgetDrafts(state.drafts, context), [state.drafts, context]);
  const problemCount = errors.reduce((sum, e) => sum + Object.keys(e).length, 0);

  const toggle = (key: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const addBudget = () => {
    const key = store.add();
    setExpanded((current) => new Set(current).add(key));
  };

  const actions = (
    <>
      <button type="button" className="button" onClick={addBudget} disabled={state.loading}>
        Add budget
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
        {state.saving ? 'Saving…' : 'Save budgets'}
      </button>
    </>
  );

  return (
    <Page
      title="Budgets"
      description="Spend limits per day, week or month, with alerts, a downgrade to cheaper models, or a block at the limit."
      actions={actions}
      error={state.error}
    >
      <div className="fb-page page-budgets">
        {state.lastCrossing && (
          <p className="fb-banner is-warn" role="status">
            {state.lastCrossing.name}: {state.lastCrossing.percent} % reached (
            {formatUsd(state.lastCrossing.spentUsd)} of {formatUsd(state.lastCrossing.amountUsd)}) —{' '}
            {state.lastCrossing.action}.
          </p>
        )}

        <section aria-labelledby="budget-status-title" className="budget-section">
          <h2 id="budget-status-title">This period</h2>
          {state.statusError && (
            <p className="fb-banner is-error" role="alert">
              Could not load the budget status: {state.statusError}
            </p>
          )}
          {state.status.length === 0 && !state.loading ? (
            <p className="fb-muted">No budget is in force yet.</p>
          ) : (
            <div className="fb-cards">
              {state.status.map((status) => (
                <BudgetStatusCard key={status.id} status={status} />
              ))}
            </div>
          )}
        </section>

        <section aria-labelledby="budget-edit-title" className="budget-section">
          <h2 id="budget-edit-title">Edit budgets</h2>
          <div aria-live="polite">
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
              </p>
            )}
          </div>
          <ProblemList problems={state.problems.general} label="Problems with the budgets" />

          <datalist id="budget-time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>

          {state.loading ? (
            <p className="fb-muted">Loading budgets…</p>
          ) : state.drafts.length === 0 ? (
            <EmptyState title="No budgets yet" action={{ label: 'Add a budget', onClick: addBudget }}>
              <p>
                A budget caps what you spend per day, week or month. Start with a monthly amount, a
                notification at 80 % and a block at 100 % — or downgrade to a cheaper model at 90 % instead of
                stopping work.
              </p>
            </EmptyState>
          ) : (
            <ul className="budget-list" aria-label="Budgets">
              {state.drafts.map((draft, index) => {
                const label = draft.id.trim() || `#${index + 1}`;
                const own = errors[index] ?? {};
                const ownCount = Object.keys(own).length;
                const problems = state.problems.byIndex[index] ?? [];
                const status = statusFor(state.status, draft.id);
                const open = expanded.has(draft.key);
                const headingId = `budget-${draft.key}-title`;
                return (
                  <li
                    key={draft.key}
                    className={`fb-card budget-card${ownCount + problems.length > 0 ? ' has-problems' : ''}`}
                    aria-labelledby={headingId}
                  >
                    <div className="budget-card-head">
                      <div>
                        <h3 id={headingId}>
                          {draft.name.trim() || label}
                          {draft.name.trim() && <span className="fb-muted"> ({label})</span>}
                        </h3>
                        <p className="fb-muted">
                          {draft.amount.trim() ? `$${draft.amount.trim().replace(/^\$/, '')}` : 'No amount'}{' '}
                          per {draft.period} · {describeThresholds(draft.thresholds)}
                          {` · ${describeScope(draft)}`}
                          {status ? '' : ' · not in force yet'}
                        </p>
                      </div>
                      <div className="fb-actions">
                        <button
                          type="button"
                          className="button"
                          aria-expanded={open}
                          aria-controls={`budget-${draft.key}-form`}
                          aria-label={`${open ? 'Close' : 'Edit'} budget ${label}`}
                          onClick={() => toggle(draft.key)}
                        >
                          {open ? 'Close' : 'Edit'}
                        </button>
                        <button
                          type="button"
                          className="button fb-danger"
                          aria-label={`Delete budget ${label}`}
                          onClick={() => store.remove(draft.key)}
                        >
                          Delete
                        </button>
                      </div>
                    </div>
                    {ownCount > 0 && !open && (
                      <p className="fb-field-error">
                        {ownCount} problem{ownCount === 1 ? '' : 's'} in this budget — open it to fix.
                      </p>
                    )}
                    <ProblemList problems={problems} label={`Problems with budget ${label}`} />
                    {open && (
                      <div id={`budget-${draft.key}-form`}>
                        <BudgetForm
                          draft={draft}
                          errors={own}
                          providers={state.providers}
                          aliases={state.aliases}
                          onChange={(patch) => store.update(draft.key, patch)}
                        />
                      </div>
                    )}
                    {status && !open && (
                      <p className="fb-hint">
                        {periodLabel(status.period)}: {formatUsd(status.spentUsd)} spent so far.
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </div>
    </Page>
  );
}
