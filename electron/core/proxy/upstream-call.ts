import type { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import type { Agent } from 'undici';
import type { UpstreamTarget } from './upstream-request';

/** Generous: reasoning models can think for minutes before the first byte. */
export const HEADERS_TIMEOUT_MS = 10 * 60_000;
const BODY_IDLE_TIMEOUT_MS = 5 * 60_000;

export type CallResult =
  | { ok: true; response: Dispatcher.ResponseData }
  | { ok: false; kind: 'connection' | 'timeout'; status: 502 | 504; message: string };

/** Sends one upstream request; connection failures and timeouts come back as values, not exceptions. */
export async function callUpstream(
  agent: Agent,
  target: UpstreamTarget,
  method: string,
  body: Buffer | string | undefined,
  abort: EventEmitter,
  providerId: string,
  headersTimeoutMs = HEADERS_TIMEOUT_MS,
): Promise<CallResult> {
  try {
    const response = await agent.request({
      origin: target.origin,
      path: target.path,
      method: method as Dispatcher.HttpMethod,
      headers: target.headers,
      body,
      // undici accepts an EventEmitter as its abort signal; an AbortController costs ~5% of proxy CPU under load.
      signal: abort,
      headersTimeout: headersTimeoutMs,
      bodyTimeout: BODY_IDLE_TIMEOUT_MS,
    });
    return { ok: true, response };
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).name;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      return {
        ok: false,
        kind: 'timeout',
        status: 504,
        message: `provider "${providerId}" (${target.origin}) did not answer in time (${code})`,
      };
    }
    return {
      ok: false,
      kind: 'connection',
      status: 502,
      message: `could not reach provider "${providerId}" at ${target.origin} (${code})`,
    };
  }
}

/** Reads a (small) upstream body to its end, keeping at most `limit` bytes. */
export function readBodyText(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      if (size < limit) chunks.push(chunk);
      size += chunk.length;
    });
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    body.on('end', done);
    body.on('error', done);
  });
}
