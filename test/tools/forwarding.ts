import type { TappedRequest } from './client-tap';
import type { ScriptedRequest } from './scripted-upstream';

/**
 * Headers the proxy may legitimately change: per-connection framing, the Host it connects to, and
 * accept-encoding, which it pins to identity so it can read usage from the body (upstream-request.ts).
 */
const PER_HOP = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
const REWRITTEN = new Set([...PER_HOP, 'accept-encoding']);

/** Header values by lower-cased name, repeated headers joined in order, as a proxy must keep them. */
export function headerMap(rawHeaders: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    const seen = map.get(name);
    map.set(name, seen === undefined ? value : `${seen}, ${value}`);
  }
  return map;
}

export interface ForwardedPair {
  sent: TappedRequest;
  received: ScriptedRequest;
}

/**
 * Pairs every request the upstream received with the identical request the CLI sent (same method, path,
 * query and body bytes). Requests the proxy answers itself (Claude Code's HEAD / probe) have no partner.
 */
export function pairForwarded(sent: readonly TappedRequest[], received: readonly ScriptedRequest[]) {
  const pool = [...sent];
  const pairs: ForwardedPair[] = [];
  const unmatched: ScriptedRequest[] = [];
  for (const request of received) {
    const index = pool.findIndex(
      (candidate) =>
        candidate.method === request.method &&
        candidate.url === request.url &&
        candidate.body.equals(request.body),
    );
    if (index === -1) unmatched.push(request);
    else pairs.push({ sent: pool.splice(index, 1)[0]!, received: request });
  }
  return { pairs, unmatched, notForwarded: pool };
}

/** Differences between what the CLI sent and what the upstream got, ignoring per-hop headers. */
export function headerDifferences(pair: ForwardedPair): string[] {
  const sent = headerMap(pair.sent.rawHeaders);
  const received = headerMap(pair.received.rawHeaders);
  const problems: string[] = [];
  for (const [name, value] of sent) {
    if (REWRITTEN.has(name)) continue;
    const got = received.get(name);
    if (got !== value)
      problems.push(`${name}: sent ${JSON.stringify(value)}, upstream got ${JSON.stringify(got)}`);
  }
  for (const name of received.keys()) {
    if (!sent.has(name) && !PER_HOP.has(name) && name !== 'accept-encoding') {
      problems.push(`${name}: added by the proxy (${JSON.stringify(received.get(name))})`);
    }
  }
  return problems;
}
