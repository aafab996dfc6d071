import { Client } from 'undici';
import { directRequest, type Scenario } from './scenarios';
import { summarize, type LatencySummary } from './stats';

export interface SequentialResult {
  direct: LatencySummary;
  proxy: LatencySummary;
  /** Requests sent through the proxy, warm-up included (for the request-log check). */
  proxySent: number;
  failures: number;
}

/**
 * Concurrency-1 latency at microsecond resolution: one keep-alive connection per target, requests sent one at
 * a time and timed with process.hrtime until the last body byte. Direct and proxied requests alternate so
 * that drift (CPU frequency, other load, GC) hits both sides equally.
 */
export async function runSequential(
  directUrl: string,
  proxyUrl: string,
  scenario: Scenario,
  seconds: number,
  warmupSeconds: number,
): Promise<SequentialResult> {
  const direct = new Client(directUrl, { pipelining: 1 });
  const proxy = new Client(proxyUrl, { pipelining: 1 });
  let proxySent = 0;
  let failures = 0;
  const once = async (client: Client): Promise<number> => {
    const request = client === direct ? directRequest(scenario) : scenario;
    const started = process.hrtime.bigint();
    const response = await client.request({
      path: request.path,
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    await response.body.arrayBuffer();
    const elapsed = process.hrtime.bigint() - started;
    if (response.statusCode !== 200) failures += 1;
    return Number(elapsed) / 1e6;
  };
  const loop = async (ms: number, record: boolean) => {
    const directMs: number[] = [];
    const proxyMs: number[] = [];
    const deadline = performance.now() + ms;
    while (performance.now() < deadline) {
      directMs.push(await once(direct));
      proxySent += 1;
      proxyMs.push(await once(proxy));
    }
    return record ? { directMs, proxyMs } : null;
  };
  try {
    await loop(warmupSeconds * 1000, false);
    failures = 0;
    const samples = await loop(seconds * 1000, true);
    return {
      direct: summarize(samples?.directMs ?? []),
      proxy: summarize(samples?.proxyMs ?? []),
      proxySent,
      failures,
    };
  } finally {
    await Promise.all([direct.close(), proxy.close()]);
  }
}
