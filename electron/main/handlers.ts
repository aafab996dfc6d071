import type { Handlers } from '../../shared/contract';
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

/**
 * The contract served by the core. It holds no electron import, so the HTTP admin adapter of `farebox serve`
 * can serve this very object.
 */
export function createHandlers(core: Core): Handlers {
  return {
    'app:status': () => core.status(),
    'stats:month': (month) => core.monthStats(optionalMonth(month)),
    'requests:recent': (limit) => core.recentRequests(optionalLimit(limit)),
  };
}
