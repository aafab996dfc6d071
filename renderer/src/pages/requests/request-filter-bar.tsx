import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { RequestRecord } from '../../../../shared/records';
import { seenValues } from '../../stores/requests-store';
import {
  activeFilterCount,
  EMPTY_FILTERS,
  hasErrors,
  OUTCOME_OPTIONS,
  validateFilters,
  type RequestFilters,
} from './request-filters';

const DEBOUNCE_MS = 350;

function same(a: RequestFilters, b: RequestFilters): boolean {
  return (Object.keys(a) as Array<keyof RequestFilters>).every((key) => a[key] === b[key]);
}

/**
 * The filter bar keeps a draft while the user types; a valid draft applies itself after a short pause (or at
 * once on Enter), an invalid one shows its message next to the field and is never sent.
 */
export function RequestFilterBar({
  applied,
  rows,
  onApply,
}: {
  applied: RequestFilters;
  rows: readonly RequestRecord[];
  onApply: (filters: RequestFilters) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<RequestFilters>(applied);
  const errors = useMemo(() => validateFilters(draft), [draft]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const tools = useMemo(() => seenValues(rows, 'tool'), [rows]);
  const models = useMemo(() => seenValues(rows, 'model'), [rows]);
  const providers = useMemo(() => seenValues(rows, 'provider'), [rows]);

  useEffect(() => {
    clearTimeout(timer.current);
    if (hasErrors(errors) || same(draft, applied)) return;
    timer.current = setTimeout(() => onApply(draft), DEBOUNCE_MS);
    return () => clearTimeout(timer.current);
  }, [draft, errors, applied, onApply]);

  const update = (key: keyof RequestFilters, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    clearTimeout(timer.current);
    if (!hasErrors(errors)) onApply(draft);
  };
  const clear = () => {
    setDraft(EMPTY_FILTERS);
    onApply(EMPTY_FILTERS);
  };

  const field = (key: keyof RequestFilters) => ({
    id: `${id}-${key}`,
    value: draft[key],
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': errors[key] ? `${id}-${key}-error` : undefined,
  });
  const errorText = (key: keyof RequestFilters) =>
    errors[key] ? (
      <span className="fb-field-error" id={`${id}-${key}-error`} role="alert">
        {errors[key]}
      </span>
    ) : null;

  return (
    <form className="rq-filters" role="search" aria-label="Filter requests" onSubmit={submit} noValidate>
      <div className="fb-field rq-search">
        <label htmlFor={`${id}-search`}>Search</label>
        <input
          {...field('search')}
          type="search"
          placeholder="Model, tool, error or request id"
          onChange={(e) => update('search', e.target.value)}
        />
        {errorText('search')}
      </div>
      <div className="fb-field">
        <label htmlFor={`${id}-tool`}>Tool</label>
        <input
          {...field('tool')}
          list={`${id}-tools`}
          placeholder="Any"
          onChange={(e) => update('tool', e.target.value)}
        />
        <datalist id={`${id}-tools`}>
          {tools.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      </div>
      <div className="fb-field">
        <label htmlFor={`${id}-model`}>Model</label>
        <input
          {...field('model')}
          list={`${id}-models`}
          placeholder="Any (globs: claude-*)"
          onChange={(e) => update('model', e.target.value)}
        />
        <datalist id={`${id}-models`}>
          {models.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      </div>
      <div className="fb-field">
        <label htmlFor={`${id}-provider`}>Provider</label>
        <input
          {...field('provider')}
          list={`${id}-providers`}
          placeholder="Any"
          onChange={(e) => update('provider', e.target.value)}
        />
        <datalist id={`${id}-providers`}>
          {providers.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      </div>
      <div className="fb-field">
        <label htmlFor={`${id}-outcome`}>Outcome</label>
        <select {...field('outcome')} onChange={(e) => update('outcome', e.target.value)}>
          <option value="">Any</option>
          {OUTCOME_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        {errorText('outcome')}
      </div>
      <div className="fb-field">
        <label htmlFor={`${id}-from`}>From</label>
        <input {...field('from')} type="date" onChange={(e) => update('from', e.target.value)} />
        {errorText('from')}
      </div>
      <div className="fb-field">
        <label htmlFor={`${id}-until`}>Until</label>
        <input {...field('until')} type="date" onChange={(e) => update('until', e.target.value)} />
        {errorText('until')}
      </div>
      <div className="rq-filter-actions">
        <button type="submit" disabled={hasErrors(errors)}>
          Apply
        </button>
        <button type="button" onClick={clear} disabled={activeFilterCount(draft) === 0}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
