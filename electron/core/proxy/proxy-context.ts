import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Agent } from 'undici';
import type { FareboxConfig, ResolvedProvider } from '../config/load-config';
import type { BudgetLedger } from '../budgets/budget-ledger';
import type { PoolTracker } from '../capacity/pool-tracker';
import type { Router } from '../routing/rule-match';
import type { KeyPool } from './key-pool';
import type { PriceBook } from '../economics/price-book';
import type { RequestEntry } from '../store/request-entry';
import type { RequestLog } from '../store/request-log';

/** One request in progress, so shutdown can record it as interrupted. */
export interface InFlightRequest {
  interrupt(): void;
}

/** Everything a request handler needs; built once when the proxy starts. */
export interface ProxyContext {
  config: FareboxConfig;
  priceBook: PriceBook;
  log: RequestLog;
  agent: Agent;
  /** Configured provider keys, scrubbed from anything stored or returned. */
  secrets: string[];
  allowedHosts: ReadonlySet<string>;
  inFlight: Set<InFlightRequest>;
  /** The rules in force; replaced as a whole when they are edited, so a request sees one consistent set. */
  routing: RoutingState;
  providersById: ReadonlyMap<string, ResolvedProvider>;
  /** Spend budgets; null or empty when none are configured (then nothing is reserved). */
  budgets: BudgetLedger | null;
  /** Reserved-capacity pools with their per-minute headroom; null when none are configured. */
  pools: PoolTracker | null;
  keyPools: ReadonlyMap<string, KeyPool>;
  /** Serves /_farebox/ (dashboard, admin API); returns false for paths it does not own. */
  admin?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** Reads each upstream response's headers (plan windows of subscriptions); must not throw or block. */
  observeResponse?: (
    entry: RequestEntry,
    provider: ResolvedProvider,
    headers: Record<string, string | string[] | undefined>,
  ) => void;
  diagnostic: (line: string) => void;
}

export interface RoutingState {
  router: Router;
  /** Paused from the tray: rules and aliases are skipped (budgets still apply). */
  paused?: boolean;
  /** Why some configured rules are not in force (invalid), for the status page and the dry run. */
  problems: string[];
}
