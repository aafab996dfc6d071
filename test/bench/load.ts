import { createRequire } from 'node:module';
import { directRequest, type Scenario } from './scenarios';

/** The slice of autocannon's programmatic API the bench uses (the package ships no types). */
interface AutocannonOptions {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
  pipelining: number;
  timeout: number;
}

interface Percentiles {
  average: number;
  p50: number;
  p99: number;
  max: number;
}

interface AutocannonResult {
  duration: number;
  /** Includes timeouts. */
  errors: number;
  non2xx: number;
  latency: Percentiles & { totalCount: number };
  requests: Percentiles & { total: number; sent: number };
}

type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadResult {
  connections: number;
  seconds: number;
  /** autocannon's latency histogram has 1 ms resolution, so sub-millisecond figures round down to 0 or 1. */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  requestsPerSecond: number;
  completed: number;
  /** Requests autocannon wrote to the socket, including those cut off when the run ended. */
  sent: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon against `baseUrl` for one scenario; a warm-up run of the same shape comes first. */
export async function runLoad(
  baseUrl: string,
  scenario: Scenario,
  connections: number,
  seconds: number,
  warmupSeconds: number,
  side: 'direct' | 'proxy',
): Promise<{ result: LoadResult; warmupSent: number }> {
  const request = side === 'direct' ? directRequest(scenario) : scenario;
  const options = (duration: number): AutocannonOptions => ({
    url: baseUrl + request.path,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    connections,
    duration,
    pipelining: 1,
    timeout: 10,
  });
  const warmup = warmupSeconds > 0 ? await autocannon(options(warmupSeconds)) : null;
  const raw = await autocannon(options(seconds));
  return {
    warmupSent: warmup?.requests.sent ?? 0,
    result: {
      connections,
      seconds: raw.duration,
      p50Ms: raw.latency.p50,
      p99Ms: raw.latency.p99,
      meanMs: raw.latency.average,
      requestsPerSecond: raw.requests.average,
      completed: raw.requests.total,
      sent: raw.requests.sent,
      errors: raw.errors,
      non2xx: raw.non2xx,
    },
  };
}
