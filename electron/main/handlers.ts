import type { DryRunRequest, Handlers, RoutingDraft } from '../../shared/contract';
import { API_DIALECTS, type ApiDialect } from '../../shared/routing';
import type { Core } from '../core/core-types';

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
  };
}
