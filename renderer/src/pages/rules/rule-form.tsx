import type { ProviderSummary } from '../../../../shared/dashboard';
import { API_DIALECTS, type ApiDialect, type Weekday } from '../../../../shared/routing';
import { FormField } from './form-field';
import {
  ACTION_KINDS,
  emptyTarget,
  moveItem,
  WEEKDAYS,
  type ActionKind,
  type RuleDraft,
  type RuleErrors,
  type TargetDraft,
  type TriState,
} from './rule-draft';
import { TargetPicker } from './target-picker';

const KNOWN_TOOLS = ['claude-code', 'codex', 'gemini-cli', 'cursor', 'aider', 'cline', 'continue', 'unknown'];

const DIALECT_LABELS: Record<ApiDialect, string> = {
  anthropic: 'Anthropic Messages',
  'openai-chat': 'OpenAI Chat',
  'openai-responses': 'OpenAI Responses',
  gemini: 'Gemini',
};

const ACTION_LABELS: Record<ActionKind, string> = {
  route: 'Route to one target',
  chain: 'Try a chain of targets (fallbacks)',
  reject: 'Reject the request',
  pass: 'Pass through unchanged',
};

const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}
const TIME_ZONES = timeZones();

function TriSelect({
  id,
  label,
  value,
  yes,
  no,
  onChange,
}: {
  id: string;
  label: string;
  value: TriState;
  yes: string;
  no: string;
  onChange: (value: TriState) => void;
}) {
  return (
    <FormField id={id} label={label}>
      <select value={value} onChange={(e) => onChange(e.target.value as TriState)}>
        <option value="any">Either</option>
        <option value="yes">{yes}</option>
        <option value="no">{no}</option>
      </select>
    </FormField>
  );
}

export function RuleForm({
  draft,
  errors,
  providers,
  aliases,
  budgetIds,
  modelListId,
  onChange,
}: {
  draft: RuleDraft;
  errors: RuleErrors;
  providers: readonly ProviderSummary[];
  aliases: readonly string[];
  budgetIds: readonly string[];
  modelListId: string;
  onChange: (patch: Partial<RuleDraft>) => void;
}) {
  const p = `rule-${draft.key}`;
  const setTarget = (index: number, patch: Partial<TargetDraft>) =>
    onChange({ targets: draft.targets.map((t, i) => (i === index ? { ...t, ...patch } : t)) });
  const toggleDialect = (dialect: ApiDialect, on: boolean) =>
    onChange({
      dialects: on
        ? API_DIALECTS.filter((d) => d === dialect || draft.dialects.includes(d))
        : draft.dialects.filter((d) => d !== dialect),
    });
  const toggleDay = (day: Weekday, on: boolean) =>
    onChange({
      days: on
        ? WEEKDAYS.filter((d) => d === day || draft.days.includes(d))
        : draft.days.filter((d) => d !== day),
    });

  return (
    <div className="rule-form">
      {draft.dropped.length > 0 && (
        <p className="fb-banner is-warn" role="note">
          The stored rule has fields this editor does not know: {draft.dropped.join(', ')}. Saving leaves them
          out; edit the config file instead if you need them.
        </p>
      )}

      <fieldset className="fb-fieldset">
        <legend>Rule</legend>
        <div className="fb-grid-form">
          <FormField id={`${p}-id`} label="Id" error={errors.id} help="Shown in the request log and savings">
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
          <FormField
            id={`${p}-tags`}
            label="Tags (optional)"
            error={errors.tags}
            help="Comma-separated; budgets can be scoped by tag"
          >
            <input value={draft.tags} onChange={(e) => onChange({ tags: e.target.value })} />
          </FormField>
        </div>
      </fieldset>

      <fieldset className="fb-fieldset">
        <legend>When (every condition given must hold; leave all empty to match every request)</legend>
        <div className="fb-grid-form">
          <FormField
            id={`${p}-tools`}
            label="Tools"
            error={errors.tools}
            help="Comma-separated; * globs allowed"
          >
            <input
              value={draft.tools}
              list={`${p}-tool-list`}
              placeholder="Any tool"
              spellCheck={false}
              onChange={(e) => onChange({ tools: e.target.value })}
            />
          </FormField>
          <datalist id={`${p}-tool-list`}>
            {KNOWN_TOOLS.map((tool) => (
              <option key={tool} value={tool} />
            ))}
          </datalist>
          <FormField
            id={`${p}-models`}
            label="Requested models"
            error={errors.models}
            help="Comma-separated globs, e.g. claude-*, gpt-4*"
          >
            <input
              value={draft.models}
              list={modelListId}
              placeholder="Any model"
              spellCheck={false}
              onChange={(e) => onChange({ models: e.target.value })}
            />
          </FormField>
          <FormField id={`${p}-min`} label="Input tokens at least" error={errors.minTokens}>
            <input
              inputMode="numeric"
              value={draft.minTokens}
              placeholder="0"
              onChange={(e) => onChange({ minTokens: e.target.value })}
            />
          </FormField>
          <FormField
            id={`${p}-max`}
            label="Input tokens at most"
            error={errors.maxTokens}
            help="Estimated before sending"
          >
            <input
              inputMode="numeric"
              value={draft.maxTokens}
              placeholder="No limit"
              onChange={(e) => onChange({ maxTokens: e.target.value })}
            />
          </FormField>
          <TriSelect
            id={`${p}-has-tools`}
            label="Tool definitions"
            value={draft.hasTools}
            yes="Has tools"
            no="No tools"
            onChange={(hasTools) => onChange({ hasTools })}
          />
          <TriSelect
            id={`${p}-has-images`}
            label="Images"
            value={draft.hasImages}
            yes="Has images"
            no="No images"
            onChange={(hasImages) => onChange({ hasImages })}
          />
          <TriSelect
            id={`${p}-thinking`}
            label="Thinking / reasoning"
            value={draft.thinking}
            yes="Requested"
            no="Not requested"
            onChange={(thinking) => onChange({ thinking })}
          />
          <FormField
            id={`${p}-message`}
            label="Last user message matches"
            error={errors.lastUserMessage}
            help="A regular expression, or /pattern/flags"
          >
            <input
              value={draft.lastUserMessage}
              spellCheck={false}
              placeholder="e.g. /\b(test|lint)\b/i"
              onChange={(e) => onChange({ lastUserMessage: e.target.value })}
            />
          </FormField>
        </div>

        <fieldset className="fb-fieldset">
          <legend>APIs the client speaks</legend>
          <div className="fb-inline">
            {API_DIALECTS.map((dialect) => (
              <label key={dialect} className="fb-check">
                <input
                  type="checkbox"
                  checked={draft.dialects.includes(dialect)}
                  onChange={(e) => toggleDialect(dialect, e.target.checked)}
                />
                {DIALECT_LABELS[dialect]}
              </label>
            ))}
          </div>
          <span className="fb-field-help">None checked: any API.</span>
        </fieldset>

        <fieldset className="fb-fieldset">
          <legend>Headers</legend>
          {draft.headers.length === 0 && <p className="fb-field-help">No header conditions.</p>}
          {draft.headers.map((header, i) => (
            <div key={i} className="fb-inline rule-header-row">
              <FormField id={`${p}-header-${i}-name`} label="Header" error={errors[`headers.${i}.name`]}>
                <input
                  value={header.name}
                  spellCheck={false}
                  placeholder="x-farebox-task"
                  onChange={(e) =>
                    onChange({
                      headers: draft.headers.map((h, j) => (j === i ? { ...h, name: e.target.value } : h)),
                    })
                  }
                />
              </FormField>
              <FormField
                id={`${p}-header-${i}-pattern`}
                label="Value matches"
                error={errors[`headers.${i}.pattern`]}
              >
                <input
                  value={header.pattern}
                  spellCheck={false}
                  placeholder="^review-"
                  onChange={(e) =>
                    onChange({
                      headers: draft.headers.map((h, j) => (j === i ? { ...h, pattern: e.target.value } : h)),
                    })
                  }
                />
              </FormField>
              <button
                type="button"
                className="button fb-icon"
                aria-label={`Remove header condition ${i + 1}`}
                onClick={() => onChange({ headers: draft.headers.filter((_, j) => j !== i) })}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button"
            onClick={() => onChange({ headers: [...draft.headers, { name: '', pattern: '' }] })}
          >
            Add header condition
          </button>
        </fieldset>

        <fieldset className="fb-fieldset">
          <legend>Schedule</legend>
          <div className="fb-inline" role="group" aria-label="Days">
            {WEEKDAYS.map((day) => (
              <label key={day} className="fb-check">
                <input
                  type="checkbox"
                  checked={draft.days.includes(day)}
                  onChange={(e) => toggleDay(day, e.target.checked)}
                />
                {DAY_LABELS[day]}
              </label>
            ))}
          </div>
          <div className="fb-grid-form">
            <FormField id={`${p}-from`} label="From (HH:MM)" error={errors.from}>
              <input type="time" value={draft.from} onChange={(e) => onChange({ from: e.target.value })} />
            </FormField>
            <FormField
              id={`${p}-until`}
              label="Until (HH:MM)"
              error={errors.until}
              help="Before From: wraps past midnight"
            >
              <input type="time" value={draft.until} onChange={(e) => onChange({ until: e.target.value })} />
            </FormField>
            <FormField id={`${p}-tz`} label="Time zone" error={errors.timeZone} help="Default: the system’s">
              <input
                value={draft.timeZone}
                list={`${p}-tz-list`}
                spellCheck={false}
                placeholder="e.g. Europe/Berlin"
                onChange={(e) => onChange({ timeZone: e.target.value })}
              />
            </FormField>
            <datalist id={`${p}-tz-list`}>
              {TIME_ZONES.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </div>
        </fieldset>

        <fieldset className="fb-fieldset">
          <legend>Budget state</legend>
          <div className="fb-grid-form">
            <FormField id={`${p}-budget`} label="Budget" error={errors.budgetId}>
              <select value={draft.budgetId} onChange={(e) => onChange({ budgetId: e.target.value })}>
                <option value="">No budget condition</option>
                {draft.budgetId && !budgetIds.includes(draft.budgetId) && (
                  <option value={draft.budgetId}>{draft.budgetId} (unknown)</option>
                )}
                {budgetIds.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            </FormField>
            <FormField
              id={`${p}-above`}
              label="Spent above (%)"
              error={errors.budgetAbove}
              help="Fires once this share is spent"
            >
              <input
                inputMode="decimal"
                value={draft.budgetAbove}
                onChange={(e) => onChange({ budgetAbove: e.target.value })}
              />
            </FormField>
            <FormField id={`${p}-below`} label="Spent below (%)" error={errors.budgetBelow}>
              <input
                inputMode="decimal"
                value={draft.budgetBelow}
                onChange={(e) => onChange({ budgetBelow: e.target.value })}
              />
            </FormField>
          </div>
        </fieldset>
      </fieldset>

      <fieldset className="fb-fieldset">
        <legend>Then</legend>
        <div className="fb-inline" role="radiogroup" aria-label="Action">
          {ACTION_KINDS.map((kind) => (
            <label key={kind} className="fb-check">
              <input
                type="radio"
                name={`${p}-action`}
                checked={draft.action === kind}
                onChange={() =>
                  onChange({
                    action: kind,
                    targets: draft.targets.length > 0 ? draft.targets : [emptyTarget()],
                  })
                }
              />
              {ACTION_LABELS[kind]}
            </label>
          ))}
        </div>

        {draft.action === 'route' && (
          <TargetPicker
            idPrefix={`${p}-t0`}
            label="Target"
            target={draft.targets[0] ?? emptyTarget()}
            errors={errors}
            errorPrefix="targets.0"
            providers={providers}
            aliases={aliases}
            modelListId={modelListId}
            onChange={(patch) => setTarget(0, patch)}
          />
        )}

        {draft.action === 'chain' && (
          <ol className="rule-chain">
            {draft.targets.map((target, i) => (
              <li key={i}>
                <TargetPicker
                  idPrefix={`${p}-t${i}`}
                  label={`Target ${i + 1}${i === 0 ? ' (tried first)' : ''}`}
                  target={target}
                  errors={errors}
                  errorPrefix={`targets.${i}`}
                  providers={providers}
                  aliases={aliases}
                  modelListId={modelListId}
                  onChange={(patch) => setTarget(i, patch)}
                />
                <div className="fb-actions">
                  <button
                    type="button"
                    className="button fb-icon"
                    aria-label={`Move target ${i + 1} up`}
                    disabled={i === 0}
                    onClick={() => onChange({ targets: moveItem(draft.targets, i, i - 1) })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button fb-icon"
                    aria-label={`Move target ${i + 1} down`}
                    disabled={i === draft.targets.length - 1}
                    onClick={() => onChange({ targets: moveItem(draft.targets, i, i + 1) })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button"
                    aria-label={`Remove target ${i + 1}`}
                    disabled={draft.targets.length === 1}
                    onClick={() => onChange({ targets: draft.targets.filter((_, j) => j !== i) })}
                  >
                    Remove
                  </button>
                </div>
              </li>
            ))}
          </ol>
        )}
        {draft.action === 'chain' && (
          <>
            {errors.targets && <p className="fb-field-error">{errors.targets}</p>}
            <button
              type="button"
              className="button"
              onClick={() => onChange({ targets: [...draft.targets, emptyTarget()] })}
            >
              Add fallback target
            </button>
          </>
        )}

        {draft.action === 'reject' && (
          <div className="fb-grid-form">
            <FormField
              id={`${p}-reject-status`}
              label="HTTP status"
              error={errors.rejectStatus}
              help="400–599; default 403"
            >
              <input
                inputMode="numeric"
                value={draft.rejectStatus}
                placeholder="403"
                onChange={(e) => onChange({ rejectStatus: e.target.value })}
              />
            </FormField>
            <FormField
              id={`${p}-reject-message`}
              label="Message"
              error={errors.rejectMessage}
              help="The client shows this as the error"
              className="rule-wide"
            >
              <input
                value={draft.rejectMessage}
                required
                onChange={(e) => onChange({ rejectMessage: e.target.value })}
              />
            </FormField>
          </div>
        )}

        {draft.action === 'pass' && (
          <p className="fb-field-help">
            Matching requests go to the default provider as asked, and no later rule is tried — useful to
            exempt some traffic from the rules below.
          </p>
        )}

        {(draft.action === 'route' || draft.action === 'chain') && (
          <div className="fb-grid-form">
            <FormField
              id={`${p}-fallback`}
              label="Fall back on"
              error={errors.fallbackOn}
              help="Comma-separated: connection, timeout, 429, 5xx or a status; default all four"
            >
              <input
                value={draft.fallbackOn}
                spellCheck={false}
                placeholder="connection, timeout, 429, 5xx"
                onChange={(e) => onChange({ fallbackOn: e.target.value })}
              />
            </FormField>
            <FormField
              id={`${p}-timeout`}
              label="Header timeout (ms)"
              error={errors.timeoutMs}
              help="Time allowed for the upstream’s response headers"
            >
              <input
                inputMode="numeric"
                value={draft.timeoutMs}
                placeholder="Default"
                onChange={(e) => onChange({ timeoutMs: e.target.value })}
              />
            </FormField>
          </div>
        )}
      </fieldset>
    </div>
  );
}
