import { isTimeZone } from '../config/time-zone';
import type { DryRunRequest, Handlers, RoutingDraft } from '../../../shared/contract';
import { API_DIALECTS, type ApiDialect } from '../../../shared/routing';
import type { ConnectableTool, RequestQuery, SpendSeriesQuery } from '../../../shared/dashboard';
import type { Core } from '../core-types';

export const MAX_RECENT_LIMIT = 500;

/** Thrown for arguments a renderer (or any caller of the contract) should never send. */
export class BadRequestError extends Error {
  readonly code = 'bad_request';
}

// Arguments arrive from another process, so the static types in Channels are a promise, not a guarantee.
function optionalMonth(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return value;
  throw new BadRequestError('month must be YYYY-MM');
}

function optionalLimit(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_RECENT_LIMIT)
    return value;
  throw new BadRequestError(`limit must be an integer from 1 to ${MAX_RECENT_LIMIT}`);
}

function routingDraft(value: unknown): RoutingDraft {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadRequestError('expected {aliases?, rules?}');
  const draft = value as Record<string, unknown>;
  return { aliases: draft.aliases, rules: draft.rules };
}

function dryRunRequest(value: unknown): DryRunRequest {
  const input = value as Partial<DryRunRequest> | null;
  if (typeof input?.body !== 'object' || input.body === null || Array.isArray(input.body))
    throw new BadRequestError('body must be a request body (a JSON object)');
  if (input.dialect !== undefined && !API_DIALECTS.includes(input.dialect as ApiDialect))
    throw new BadRequestError(`dialect must be one of ${API_DIALECTS.join(', ')}`);
  for (const key of ['tool', 'model'] as const) {
    if (input[key] !== undefined && typeof input[key] !== 'string')
      throw new BadRequestError(`${key} must be a string`);
  }
  const output = input.outputTokens;
  if (output !== undefined && (!Number.isInteger(output) || output < 0 || output > 10_000_000))
    throw new BadRequestError('outputTokens must be a whole number');
  return {
    body: input.body,
    dialect: input.dialect,
    tool: input.tool,
    model: input.model,
    outputTokens: output,
  };
}

/**
 * The contract served by the core. It holds no electron import, so the HTTP admin adapter of `farebox serve`
 * can serve this very object.
 */
export function createHandlers(core: Core): Handlers {
  return {
    'app:status': () => core.status(),
    'stats:month': (month) => core.monthStats(optionalMonth(month)),
    'requests:recent': (limit) => core.recentRequests(optionalLimit(limit)),
    'rules:get': () => core.routing(),
    'rules:set': (next) => {
      const result = core.setRouting(routingDraft(next));
      return result.ok ? { saved: true, problems: [] } : { saved: false, problems: result.problems };
    },
    'rules:validate': (next) => core.validateRouting(routingDraft(next)),
    'rules:dry-run': (input) => core.dryRun(dryRunRequest(input)),
    'stats:series': (query) => core.spendSeries(spendQuery(query)),
    'stats:substitution': (range) => core.substitution(isoRange(range)),
    'requests:query': (query) => core.queryRequests(requestQuery(query)),
    'requests:get': (id) => core.requestDetail(text(id, 'id')),
    'budgets:status': () => core.budgets(),
    'budgets:get': () => core.budgetConfig(),
    'budgets:set': (next) => {
      if (!Array.isArray(next)) throw new BadRequestError('budgets must be an array');
      const result = core.setBudgets(next);
      return result.ok ? { saved: true, problems: [] } : { saved: false, problems: result.problems };
    },
    'connect:list': () => core.connections(),
    'connect:apply': (tool) => core.connectTool(connectable(tool)),
    'connect:undo': (tool) => core.undoConnect(connectable(tool)),
    'providers:list': () => core.providers(),
    'providers:test': (id) => core.testProvider(text(id, 'id')),
    'settings:get': () => core.settings(),
    'settings:set': (changes) => {
      const days = (changes as { retentionDays?: unknown } | null)?.retentionDays;
      if (
        days !== undefined &&
        (!Number.isInteger(days) || (days as number) < 0 || (days as number) > 36_500)
      )
        throw new BadRequestError('retentionDays must be a whole number of days (0: keep everything)');
      return core.updateSettings({ retentionDays: days as number | undefined });
    },
    'tasks:list': (range) => {
      const bounds =
        range === undefined || range === null ? {} : (range as { since?: unknown; until?: unknown });
      return core.taskReport({
        since: optionalInstant(bounds.since, 'since'),
        until: optionalInstant(bounds.until, 'until'),
      });
    },
    'tasks:outcome': (taskId, outcome, note) => {
      if (!['resolved', 'failed', 'abandoned', 'open'].includes(outcome as string))
        throw new BadRequestError('outcome must be resolved, failed, abandoned or open');
      if (note !== undefined && note !== null && typeof note !== 'string')
        throw new BadRequestError('note must be a string');
      return core.markOutcome(text(taskId, 'taskId'), outcome, note ?? null);
    },
    'pools:report': (month) => core.poolsReport(optionalMonth(month)),
  };
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500)
    throw new BadRequestError(`${name} must be a non-empty string`);
  return value;
}

function optionalInstant(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new BadRequestError(`${name} must be an ISO 8601 date or time`);
  return ms;
}

function isoRange(value: unknown): { from: number; until: number } {
  const range = value as { from?: unknown; until?: unknown } | null;
  const from = optionalInstant(range?.from, 'from');
  const until = optionalInstant(range?.until, 'until');
  if (from === undefined || until === undefined || from >= until)
    throw new BadRequestError('from must be before until');
  return { from, until };
}

function spendQuery(value: unknown): SpendSeriesQuery {
  const query = value as Partial<SpendSeriesQuery> | null;
  const { from, until } = isoRange(query);
  if (query?.bucket !== 'hour' && query?.bucket !== 'day')
    throw new BadRequestError('bucket must be hour or day');
  if (!['model', 'provider', 'tool', 'project', 'rule'].includes(query.groupBy as string))
    throw new BadRequestError('groupBy must be model, provider, tool, project or rule');
  // Hour buckets over a long range would be a huge answer: a year of days is fine, a year of hours is not.
  if (query.bucket === 'hour' && until - from > 93 * 86_400_000)
    throw new BadRequestError('hour buckets cover at most 93 days');
  if (until - from > 3 * 366 * 86_400_000) throw new BadRequestError('the range covers at most 3 years');
  if (query.timeZone !== undefined && !isTimeZone(query.timeZone))
    throw new BadRequestError('unknown time zone');
  return {
    from: query.from!,
    until: query.until!,
    bucket: query.bucket,
    groupBy: query.groupBy!,
    timeZone: query.timeZone,
  };
}

function requestQuery(value: unknown): RequestQuery {
  if (typeof value !== 'object' || value === null) throw new BadRequestError('expected a query object');
  const query = value as Record<string, unknown>;
  for (const key of ['from', 'until']) optionalInstant(query[key], key);
  for (const key of ['tool', 'model', 'provider', 'outcome', 'search']) {
    if (query[key] !== undefined && (typeof query[key] !== 'string' || (query[key] as string).length > 500))
      throw new BadRequestError(`${key} must be a string`);
  }
  const limit = query.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 1000))
    throw new BadRequestError('limit must be an integer from 1 to 1000');
  const before = query.before as { startedAt?: unknown; id?: unknown } | undefined;
  if (
    before !== undefined &&
    (typeof before?.id !== 'string' || optionalInstant(before.startedAt, 'before.startedAt') === undefined)
  )
    throw new BadRequestError('before must be {startedAt, id}');
  return query as RequestQuery;
}

function connectable(value: unknown): ConnectableTool {
  if (value === 'claude-code' || value === 'codex' || value === 'gemini-cli') return value;
  throw new BadRequestError('tool must be claude-code, codex or gemini-cli');
}
