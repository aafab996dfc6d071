import type { Agent } from 'undici';
import type { FareboxConfig } from '../config/load-config';
import type { PriceBook } from '../economics/price-book';
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
  diagnostic: (line: string) => void;
}
