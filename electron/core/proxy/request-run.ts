import type { ServerResponse } from 'node:http';
import type { Endpoint, Outcome, ProviderDialect } from '../../../shared/dialects';
import type { UsageObservation, UsageReader } from '../dialects/usage-types';
import type { RequestEntry } from '../store/request-entry';
import type { ProxyContext } from './proxy-context';

/** One client request while it is being served: what the relays need to answer and record it. */
export interface RequestRun {
  ctx: ProxyContext;
  res: ServerResponse;
  entry: RequestEntry;
  /** performance.now() when the request arrived. */
  started: number;
  clientDialect: ProviderDialect;
  clientEndpoint: Endpoint;
  /** The usage reader of the current attempt's upstream API. */
  reader: UsageReader | null;
  setObservation(fn: () => UsageObservation): void;
  /** Records the request once; `then` runs when the row is durable (that is where the response is ended). */
  finish(outcome: Outcome, status: number | null, errorMessage?: string | null, then?: () => void): void;
  isSettled(): boolean;
}

/**
 * How a relay ended: `done` when the request was answered and recorded, or `retry` when the upstream failed
 * before a single byte reached the client (only offered when the caller allowed it), so the next target can
 * take over invisibly.
 */
export type RelayEnd = { done: true } | { done: false; message: string };

export function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
