import type { ProviderSummary } from '../../../../shared/dashboard';
import { FormField } from '../rules/form-field';
import { TargetPicker } from '../rules/target-picker';
import {
  blankThreshold,
  PERIODS,
  THRESHOLD_ACTIONS,
  type BudgetDraft,
  type BudgetErrors,
  type BudgetPeriod,
  type ThresholdAction,
  type ThresholdDraft,
} from './budget-draft';

const ACTION_HELP: Record<ThresholdAction, string> = {
  notify: 'Notify (desktop notification and an alert)',
  downgrade: 'Downgrade (send requests to a cheaper target)',
  block: 'Block (refuse requests until the reset)',
};

export function BudgetForm({
  draft,
  errors,
  providers,
  aliases,
  onChange,
}: {
  draft: BudgetDraft;
  errors: BudgetErrors;
  providers: readonly ProviderSummary[];
  aliases: readonly string[];
  onChange: (patch: Partial<BudgetDraft>) => void;
}) {
  const p = `budget-${draft.key}`;
  const setThreshold = (index: number, patch: Partial<ThresholdDraft>) =>
    onChange({ thresholds: draft.thresholds.map((t, i) => (i === index ? { ...t, ...patch } : t)) });
  return (
    <div className="budget-form">
      {draft.dropped.length > 0 && (
        <p className="fb-banner is-warn" role="note">
          The stored budget has fields this editor does not know: {draft.dropped.join(', ')}. Saving leaves
          them out.
        </p>
      )}
      <div className="fb-grid-form">
        <FormField
          id={`${p}-id`}
          label="Id"
          error={errors.id}
          help="Rules can refer to it (budget condition)"
        >
          <input
            value={draft.id}
            required
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => onChange({ id: e.target.value })}
          />
        </FormField>
        <FormField id={`${p}-name`} label="Name (optional)" error={errors.name}>
          <input value={draft.name} onChange={(e) => onChange({ name: e.target.value })} />
        </FormField>
        <FormField id={`${p}-amount`} label="Amount per period (USD)" error={errors.amount}>
          <input
            inputMode="decimal"
            value={draft.amount}
            required
            placeholder="e.g. 50"
            onChange={(e) => onChange({ amount: e.target.value })}
          />
        </FormField>
        <FormField id={`${p}-period`} label="Period" error={errors.period}>
          <select value={draft.period} onChange={(e) => onChange({ period: e.target.value as BudgetPeriod })}>
            {PERIODS.map((period) => (
              <option key={period} value={period}>
                {period === 'day' ? 'Day' : period === 'week' ? 'Week' : 'Calendar month'}
              </option>
            ))}
          </select>
        </FormField>
        {draft.period === 'week' && (
          <FormField id={`${p}-week`} label="Week starts on">
            <select
              value={draft.weekStartsOn}
              onChange={(e) => onChange({ weekStartsOn: e.target.value as 'mon' | 'sun' })}
            >
              <option value="mon">Monday</option>
              <option value="sun">Sunday</option>
            </select>
          </FormField>
        )}
        <FormField
          id={`${p}-tz`}
          label="Time zone"
          error={errors.timeZone}
          help="When the period resets; default: the system’s"
        >
          <input
            value={draft.timeZone}
            list="budget-time-zones"
            spellCheck={false}
            placeholder="e.g. Europe/Berlin"
            onChange={(e) => onChange({ timeZone: e.target.value })}
          />
        </FormField>
      </div>

      <fieldset className="fb-fieldset">
        <legend>Scope (which requests count; every list given must match; all empty: everything)</legend>
        <div className="fb-grid-form">
          <FormField
            id={`${p}-providers`}
            label="Providers"
            error={errors.providers}
            help={
              providers.length
                ? `e.g. ${providers
                    .map((pr) => pr.id)
                    .slice(0, 3)
                    .join(', ')}`
                : 'Provider ids'
            }
          >
            <input
              value={draft.providers}
              spellCheck={false}
              placeholder="All providers"
              onChange={(e) => onChange({ providers: e.target.value })}
            />
          </FormField>
          <FormField id={`${p}-models`} label="Models" error={errors.models} help="Globs, e.g. claude-opus-*">
            <input
              value={draft.models}
              spellCheck={false}
              placeholder="All models"
              onChange={(e) => onChange({ models: e.target.value })}
            />
          </FormField>
          <FormField id={`${p}-tools`} label="Tools" error={errors.tools} help="Globs, e.g. claude-code">
            <input
              value={draft.tools}
              spellCheck={false}
              placeholder="All tools"
              onChange={(e) => onChange({ tools: e.target.value })}
            />
          </FormField>
          <FormField id={`${p}-tags`} label="Rule tags" error={errors.tags} help="A project or team tag">
            <input
              value={draft.tags}
              spellCheck={false}
              placeholder="Any tags"
              onChange={(e) => onChange({ tags: e.target.value })}
            />
          </FormField>
        </div>
      </fieldset>

      <fieldset className="fb-fieldset">
        <legend>Thresholds</legend>
        {draft.thresholds.length === 0 && (
          <p className="fb-field-help">
            No thresholds: the budget is tracked but nothing happens at the limit.
          </p>
        )}
        <ol className="budget-threshold-list">
          {draft.thresholds.map((threshold, i) => (
            <li key={i}>
              <div className="fb-inline">
                <FormField
                  id={`${p}-th-${i}-percent`}
                  label="At (% of the amount)"
                  error={errors[`thresholds.${i}.percent`]}
                >
                  <input
                    inputMode="decimal"
                    value={threshold.percent}
                    onChange={(e) => setThreshold(i, { percent: e.target.value })}
                  />
                </FormField>
                <FormField id={`${p}-th-${i}-action`} label="Action">
                  <select
                    value={threshold.action}
                    onChange={(e) => setThreshold(i, { action: e.target.value as ThresholdAction })}
                  >
                    {THRESHOLD_ACTIONS.map((action) => (
                      <option key={action} value={action}>
                        {ACTION_HELP[action]}
                      </option>
                    ))}
                  </select>
                </FormField>
                <button
                  type="button"
                  className="button"
                  aria-label={`Remove threshold ${i + 1}`}
                  onClick={() => onChange({ thresholds: draft.thresholds.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              </div>
              {threshold.action === 'downgrade' && (
                <TargetPicker
                  idPrefix={`${p}-th-${i}-target`}
                  label="Downgrade to"
                  target={threshold.target}
                  errors={errors}
                  errorPrefix={`thresholds.${i}.target`}
                  providers={providers}
                  aliases={aliases}
                  onChange={(patch) => setThreshold(i, { target: { ...threshold.target, ...patch } })}
                />
              )}
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button"
          onClick={() => onChange({ thresholds: [...draft.thresholds, blankThreshold()] })}
        >
          Add threshold
        </button>
      </fieldset>
    </div>
  );
}
