import { useEffect, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { API_DIALECTS, type ApiDialect } from '../../../../shared/routing';
import { Money } from '../../components/money';
import { formatCount, formatTime, modelOf } from '../../lib/format';
import { rulesStore, selectDirty, useRules } from '../../stores/rules-store';
import { actionSentence, estimateSavings, type DryRunForm } from './dry-run-form';
import { FormField, ProblemList } from './form-field';

/** "Which rule fires for this request?" — against the saved rules; nothing is sent upstream. */
export function DryRunPanel() {
  const { form, errors, result, running, error, recent, dirty } = useRules(
    useShallow((s) => ({
      form: s.dryForm,
      errors: s.dryErrors,
      result: s.dryResult,
      running: s.dryRunning,
      error: s.dryError,
      recent: s.recent,
      dirty: selectDirty(s),
    })),
  );
  const store = rulesStore.getState();
  useEffect(() => {
    void rulesStore.getState().loadRecent();
  }, []);

  const set = (patch: Partial<DryRunForm>) => store.setDryForm(patch);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void store.runDryRun();
  };
  const savings = result ? estimateSavings(result) : null;

  return (
    <section className="fb-card dry-run" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">Test the rules (dry run)</h2>
      <p className="fb-muted">
        Paste a request body, or start from a recent request, to see which rule fires, where the request would
        go and what it would cost. Nothing is sent.
      </p>
      {dirty && (
        <p className="fb-banner is-warn" role="note">
          The tester uses the saved rules. Save your changes to test them.
        </p>
      )}
      <form onSubmit={submit} noValidate aria-label="Dry run">
        <div className="fb-grid-form">
          <FormField
            id="dry-recent"
            label="Start from a recent request"
            help="Bodies are not stored, so this fills in the tool, model and API with a sample prompt"
          >
            <select
              value=""
              onChange={(e) => {
                if (e.target.value) store.prefill(e.target.value);
              }}
              disabled={recent.length === 0}
            >
              <option value="">{recent.length === 0 ? 'No recent requests' : 'Choose a request…'}</option>
              {recent.map((record) => (
                <option key={record.id} value={record.id}>
                  {formatTime(record.startedAt)} · {record.tool} · {modelOf(record)}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id="dry-dialect" label="API" error={errors.dialect}>
            <select
              value={form.dialect}
              onChange={(e) => set({ dialect: e.target.value as '' | ApiDialect })}
            >
              <option value="">Guess from the body</option>
              {API_DIALECTS.map((dialect) => (
                <option key={dialect} value={dialect}>
                  {dialect}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id="dry-tool" label="Tool" error={errors.tool} help='Default: "unknown"'>
            <input value={form.tool} spellCheck={false} onChange={(e) => set({ tool: e.target.value })} />
          </FormField>
          <FormField id="dry-model" label="Model" error={errors.model} help="Default: the body’s model">
            <input value={form.model} spellCheck={false} onChange={(e) => set({ model: e.target.value })} />
          </FormField>
          <FormField
            id="dry-output"
            label="Assumed output tokens"
            error={errors.outputTokens}
            help="For the estimate; default 1,000"
          >
            <input
              inputMode="numeric"
              value={form.outputTokens}
              placeholder="1000"
              onChange={(e) => set({ outputTokens: e.target.value })}
            />
          </FormField>
        </div>
        <FormField id="dry-body" label="Request body (JSON)" error={errors.body}>
          <textarea
            rows={10}
            value={form.body}
            spellCheck={false}
            placeholder={'{ "model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [ … ] }'}
            onChange={(e) => set({ body: e.target.value })}
          />
        </FormField>
        <div className="fb-actions">
          <button type="submit" className="button button-primary fb-primary" disabled={running}>
            {running ? 'Testing…' : 'Run dry run'}
          </button>
        </div>
      </form>

      <div aria-live="polite" className="dry-run-result">
        {error && (
          <p className="fb-banner is-error" role="alert">
            Dry run failed: {error}
          </p>
        )}
        {result && (
          <section aria-labelledby="dry-result-title">
            <h3 id="dry-result-title">
              {result.rule
                ? `Rule “${result.rule.name ?? result.rule.id}” fires`
                : 'No rule fires — the request passes to the default provider'}
            </h3>
            <dl className="fb-facts">
              <dt>Action</dt>
              <dd>{actionSentence(result)}</dd>
              <dt>Seen as</dt>
              <dd>
                {result.tool} · {result.dialect} · {result.requestedModel ?? 'no model named'}
              </dd>
              <dt>Input tokens</dt>
              <dd>{formatCount(result.estimatedInputTokens)} (estimated)</dd>
              {result.estimate && (
                <>
                  <dt>Cost</dt>
                  <dd>
                    <Money value={result.estimate.costUsd} estimate />
                    {result.estimate.priceRef && (
                      <span className="fb-muted"> at {result.estimate.priceRef}</span>
                    )}
                    <span className="fb-muted">
                      {' '}
                      with {formatCount(result.estimate.outputTokens)} output tokens assumed
                    </span>
                  </dd>
                  <dt>Baseline</dt>
                  <dd>
                    <Money value={result.estimate.baselineCostUsd} estimate />
                    <span className="fb-muted">
                      {' '}
                      {result.estimate.baselinePriceRef
                        ? `the requested model at ${result.estimate.baselinePriceRef}`
                        : 'the requested model has no known price'}
                    </span>
                  </dd>
                  <dt>Saves</dt>
                  <dd>
                    {savings === null ? (
                      'unknown (a price is missing)'
                    ) : (
                      <Money value={savings} estimate signed />
                    )}
                  </dd>
                </>
              )}
            </dl>
            {result.targets.length > 0 && (
              <ol className="dry-targets" aria-label="Targets in order">
                {result.targets.map((target, i) => (
                  <li key={i}>
                    {target.provider} / {target.model}
                    {target.api ? ` (${target.api})` : ''}
                  </li>
                ))}
              </ol>
            )}
            <table className="fb-table">
              <caption>Rules in order, and why each did or did not match</caption>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Matched</th>
                  <th scope="col">Why not</th>
                </tr>
              </thead>
              <tbody>
                {result.evaluated.map((entry) => (
                  <tr key={entry.id} className={entry.id === result.rule?.id ? 'is-fired' : undefined}>
                    <th scope="row">
                      <code>{entry.id}</code>
                      {entry.id === result.rule?.id && <span className="fb-badge is-ok"> fired</span>}
                    </th>
                    <td>{entry.matched ? 'Yes' : 'No'}</td>
                    <td>{entry.reasons.join('; ') || '—'}</td>
                  </tr>
                ))}
                {result.evaluated.length === 0 && (
                  <tr>
                    <td colSpan={3}>No rules are in force.</td>
                  </tr>
                )}
              </tbody>
            </table>
            <ProblemList problems={result.problems} label="Rules skipped because they are invalid" />
          </section>
        )}
      </div>
    </section>
  );
}
