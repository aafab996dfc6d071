import type { ProviderSummary } from '../../../../shared/dashboard';
import { FormField } from './form-field';
import type { RuleErrors, TargetDraft } from './rule-draft';

/**
 * Where a request goes: a configured provider and the model name it knows (with the API for OpenAI-dialect
 * providers), or an alias. Used by rules (route, chain) and by budgets (downgrade target).
 */
export function TargetPicker({
  idPrefix,
  label,
  target,
  errors,
  errorPrefix,
  providers,
  aliases,
  modelListId,
  onChange,
}: {
  idPrefix: string;
  label: string;
  target: TargetDraft;
  errors: RuleErrors;
  /** Error keys of this target, e.g. `targets.0`. */
  errorPrefix: string;
  providers: readonly ProviderSummary[];
  aliases: readonly string[];
  /** Id of a <datalist> of known model names. */
  modelListId?: string;
  onChange: (patch: Partial<TargetDraft>) => void;
}) {
  const provider = providers.find((p) => p.id === target.provider.trim());
  const unknownProvider = target.provider.trim() !== '' && !provider;
  return (
    <fieldset className="fb-fieldset target-picker">
      <legend>{label}</legend>
      <div className="fb-inline" role="radiogroup" aria-label={`${label}: kind`}>
        <label className="fb-check">
          <input
            type="radio"
            name={`${idPrefix}-kind`}
            checked={target.kind === 'target'}
            onChange={() => onChange({ kind: 'target' })}
          />
          Provider and model
        </label>
        <label className="fb-check">
          <input
            type="radio"
            name={`${idPrefix}-kind`}
            checked={target.kind === 'alias'}
            onChange={() => onChange({ kind: 'alias' })}
            disabled={aliases.length === 0 && target.kind !== 'alias'}
          />
          Alias{aliases.length === 0 ? ' (none defined)' : ''}
        </label>
      </div>
      {target.kind === 'alias' ? (
        <FormField id={`${idPrefix}-alias`} label="Alias" error={errors[`${errorPrefix}.alias`]}>
          <select value={target.alias} onChange={(e) => onChange({ alias: e.target.value })}>
            <option value="">Choose an alias…</option>
            {!aliases.includes(target.alias) && target.alias && (
              <option value={target.alias}>{target.alias} (unknown)</option>
            )}
            {aliases.map((alias) => (
              <option key={alias} value={alias}>
                {alias}
              </option>
            ))}
          </select>
        </FormField>
      ) : (
        <div className="fb-grid-form">
          <FormField id={`${idPrefix}-provider`} label="Provider" error={errors[`${errorPrefix}.provider`]}>
            <select value={target.provider} onChange={(e) => onChange({ provider: e.target.value })}>
              <option value="">Choose a provider…</option>
              {unknownProvider && <option value={target.provider}>{target.provider} (not configured)</option>}
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id} ({p.dialect})
                </option>
              ))}
            </select>
          </FormField>
          <FormField
            id={`${idPrefix}-model`}
            label="Model"
            error={errors[`${errorPrefix}.model`]}
            help="The name this provider knows"
          >
            <input
              value={target.model}
              list={modelListId}
              autoComplete="off"
              spellCheck={false}
              placeholder="e.g. gpt-4.1-mini"
              onChange={(e) => onChange({ model: e.target.value })}
            />
          </FormField>
          {(provider?.dialect === 'openai' || target.api !== '') && (
            <FormField id={`${idPrefix}-api`} label="API" error={errors[`${errorPrefix}.api`]}>
              <select
                value={target.api}
                onChange={(e) => onChange({ api: e.target.value as TargetDraft['api'] })}
              >
                <option value="">Default (the client’s, else chat)</option>
                <option value="chat">Chat completions</option>
                <option value="responses">Responses</option>
              </select>
            </FormField>
          )}
        </div>
      )}
    </fieldset>
  );
}
