import type { RequestQuery } from '../../../../shared/dashboard';
import type { RequestRecord } from '../../../../shared/records';

/** The filter bar as the user typed it; '' means "any". Dates are local calendar days (YYYY-MM-DD), inclusive. */
export interface RequestFilters {
  tool: string;
  model: string;
  provider: string;
  outcome: string;
  from: string;
  until: string;
  search: string;
}

export const EMPTY_FILTERS: RequestFilters = {
  tool: '',
  model: '',
  provider: '',
  outcome: '',
  from: '',
  until: '',
  search: '',
};

export const OUTCOME_OPTIONS: ReadonlyArray<{ value: RequestRecord['outcome']; label: string }> = [
  { value: 'ok', label: 'OK' },
  { value: 'upstream_error', label: 'Upstream error' },
  { value: 'proxy_error', label: 'Proxy error' },
  { value: 'client_aborted', label: 'Client aborted' },
  { value: 'interrupted', label: 'Interrupted' },
  { value: 'rejected', label: 'Rejected by a rule' },
  { value: 'in_flight', label: 'In flight' },
];

export function outcomeLabel(outcome: string): string {
  return OUTCOME_OPTIONS.find((o) => o.value === outcome)?.label ?? outcome.replace(/_/g, ' ');
}

export type FilterErrors = Partial<Record<keyof RequestFilters, string>>;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a YYYY-MM-DD day, or null when it is not a real calendar day. */
export function localDayStart(day: string): Date | null {
  const match = DAY.exec(day.trim());
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const result = new Date(year, month - 1, date);
  if (result.getFullYear() !== year || result.getMonth() !== month - 1 || result.getDate() !== date)
    return null;
  return result;
}

function nextLocalDay(day: Date): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
}

export function validateFilters(filters: RequestFilters): FilterErrors {
  const errors: FilterErrors = {};
  const from = filters.from.trim() ? localDayStart(filters.from) : null;
  const until = filters.until.trim() ? localDayStart(filters.until) : null;
  if (filters.from.trim() && !from) errors.from = 'Use a date like 2025-11-30';
  if (filters.until.trim() && !until) errors.until = 'Use a date like 2025-11-30';
  if (from && until && from.getTime() > until.getTime())
    errors.until = 'The end date is before the start date';
  if (filters.outcome && !OUTCOME_OPTIONS.some((o) => o.value === filters.outcome)) {
    errors.outcome = 'Unknown outcome';
  }
  if (filters.search.length > 200) errors.search = 'Search text is limited to 200 characters';
  return errors;
}

export function hasErrors(errors: object): boolean {
  return Object.keys(errors).length > 0;
}

/**
 * The query the core understands: empty fields left out, dates turned into instants (`until` is the start of
 * the day after, so the last day counts in full). Call validateFilters first; invalid dates are left out.
 */
export function filtersToQuery(filters: RequestFilters, limit?: number): RequestQuery {
  const query: RequestQuery = {};
  const tool = filters.tool.trim();
  const model = filters.model.trim();
  const provider = filters.provider.trim();
  const search = filters.search.trim();
  if (tool) query.tool = tool;
  if (model) query.model = model;
  if (provider) query.provider = provider;
  if (filters.outcome) query.outcome = filters.outcome;
  if (search) query.search = search;
  const from = localDayStart(filters.from);
  const until = localDayStart(filters.until);
  if (from) query.from = from.toISOString();
  if (until) query.until = nextLocalDay(until).toISOString();
  if (limit !== undefined) query.limit = limit;
  return query;
}

export function activeFilterCount(filters: RequestFilters): number {
  return (Object.keys(filters) as Array<keyof RequestFilters>).filter((key) => filters[key].trim() !== '')
    .length;
}

/** `*` matches any run of characters and `?` one; case-insensitive (the core's glob rules). */
export function globToRegex(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

/**
 * Whether a pushed record belongs in the log as filtered, so live rows never break the filters. Mirrors the
 * core's query: model is a glob over the requested or served model, search is free text over model names,
 * tool, error message and request id.
 */
export function matchesQuery(record: RequestRecord, query: RequestQuery): boolean {
  if (query.tool !== undefined && record.tool !== query.tool) return false;
  if (query.provider !== undefined && record.provider !== query.provider) return false;
  if (query.outcome !== undefined && record.outcome !== query.outcome) return false;
  if (query.from !== undefined && record.startedAt < query.from) return false;
  if (query.until !== undefined && record.startedAt >= query.until) return false;
  if (query.model !== undefined) {
    const glob = globToRegex(query.model);
    const models = [record.requestedModel, record.servedModel].filter((m): m is string => m !== null);
    if (!models.some((m) => glob.test(m))) return false;
  }
  if (query.search !== undefined) {
    const needle = query.search.toLowerCase();
    const haystack = [record.requestedModel, record.servedModel, record.tool, record.errorMessage, record.id];
    if (!haystack.some((text) => text !== null && text.toLowerCase().includes(needle))) return false;
  }
  return true;
}

function newerFirst(a: RequestRecord, b: RequestRecord): number {
  if (a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Puts incoming rows into the loaded log (newest first): a known id is replaced in place, a new one is
 * inserted where it sorts. Rows older than the oldest loaded row are left to paging when more pages exist.
 * Returns the new rows and how many were added (for the total).
 */
export function mergeRows(
  rows: readonly RequestRecord[],
  incoming: readonly RequestRecord[],
  hasMore: boolean,
): { rows: RequestRecord[]; added: number; addedIds: string[] } {
  const byId = new Map(rows.map((row, index) => [row.id, index]));
  const next = [...rows];
  const fresh: RequestRecord[] = [];
  for (const record of incoming) {
    const at = byId.get(record.id);
    if (at !== undefined) next[at] = record;
    else if (!fresh.some((r) => r.id === record.id)) fresh.push(record);
  }
  const oldest = rows[rows.length - 1];
  const kept = fresh.filter((record) => !hasMore || oldest === undefined || newerFirst(record, oldest) < 0);
  if (kept.length === 0) return { rows: next, added: 0, addedIds: [] };
  const merged = [...next, ...kept].sort(newerFirst);
  return { rows: merged, added: kept.length, addedIds: kept.map((r) => r.id) };
}
