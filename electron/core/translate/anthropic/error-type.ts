import { isJsonObject } from '../../dialects/usage-types';

const ANTHROPIC_ERROR_TYPES = new Set([
  'invalid_request_error',
  'authentication_error',
  'billing_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
  'timeout_error',
]);

/**
 * The Anthropic error type for an HTTP status. Anthropic clients retry rate limits, overloads and server
 * errors, so no status at all (the upstream connection died) counts as a server error.
 */
export function anthropicErrorType(status: number | undefined): string {
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  if (status === undefined || status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** The type for a chat chunk's `error`: an Anthropic type it already names, else one implied by a numeric code. */
export function anthropicErrorTypeOf(error: unknown): string {
  if (!isJsonObject(error)) return 'api_error';
  const type = error['type'];
  if (typeof type === 'string' && ANTHROPIC_ERROR_TYPES.has(type)) return type;
  const code = Number(error['code']);
  return Number.isInteger(code) && code >= 400 && code < 600 ? anthropicErrorType(code) : 'api_error';
}
