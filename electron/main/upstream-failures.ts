import type { RequestRecord } from '../../shared/records';
import type { Core } from '../core/core-types';
import type { DesktopNotice, Notify } from './notifier';

export const FAILURE_WINDOW_MS = 60_000;
export const FAILURE_COUNT = 3;
export const QUIET_MS = 5 * 60_000;
const MESSAGE_LIMIT = 160;

export interface UpstreamFailureBurst {
  provider: string;
  count: number;
  /** The last failure's HTTP status and message. */
  status: number | null;
  message: string | null;
}

/**
 * Counts upstream errors per provider: FAILURE_COUNT within FAILURE_WINDOW_MS make a burst worth telling the
 * user about; after one, that provider stays quiet for QUIET_MS so an outage is one notice, not one a request.
 */
export class UpstreamFailureWatch {
  private readonly failures = new Map<string, number[]>();
  private readonly quietUntil = new Map<string, number>();

  observe(record: RequestRecord, now: number): UpstreamFailureBurst | null {
    // Imported history is old news; only live proxy traffic counts.
    if (record.outcome !== 'upstream_error' || record.source !== 'proxy') return null;
    const provider = record.provider;
    if (now < (this.quietUntil.get(provider) ?? -Infinity)) return null;
    const recent = (this.failures.get(provider) ?? []).filter((at) => now - at < FAILURE_WINDOW_MS);
    recent.push(now);
    if (recent.length < FAILURE_COUNT) {
      this.failures.set(provider, recent);
      return null;
    }
    this.failures.delete(provider);
    this.quietUntil.set(provider, now + QUIET_MS);
    return { provider, count: recent.length, status: record.status, message: record.errorMessage };
  }
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MESSAGE_LIMIT ? `${line.slice(0, MESSAGE_LIMIT - 1)}…` : line;
}

export function upstreamFailureNotice(burst: UpstreamFailureBurst): DesktopNotice {
  const last = [
    burst.status !== null ? `HTTP ${burst.status}` : null,
    burst.message && shorten(burst.message),
  ]
    .filter(Boolean)
    .join(': ');
  return {
    title: `${burst.provider} is failing`,
    body:
      `${burst.count} requests to ${burst.provider} failed within a minute` +
      (last ? ` (last: ${last}).` : '.') +
      ' Check its status and your key on the Providers page.',
  };
}

export function notifyUpstreamFailures(
  core: Pick<Core, 'onRequestRecorded'>,
  notify: Notify,
  now: () => number = Date.now,
): () => void {
  const watch = new UpstreamFailureWatch();
  return core.onRequestRecorded((record) => {
    const burst = watch.observe(record, now());
    if (burst) notify(upstreamFailureNotice(burst));
  });
}
