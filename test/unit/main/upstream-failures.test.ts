import { describe, expect, it, vi } from 'vitest';
import {
  FAILURE_WINDOW_MS,
  notifyUpstreamFailures,
  QUIET_MS,
  upstreamFailureNotice,
  UpstreamFailureWatch,
} from '../../../electron/main/upstream-failures';
import { fakeCore, record } from './fake-core';

const failure = (provider = 'anthropic', overrides = {}) =>
  record({ provider, outcome: 'upstream_error', status: 529, errorMessage: 'Overloaded', ...overrides });

describe('UpstreamFailureWatch', () => {
  it('reports the third failure for a provider within a minute', () => {
    const watch = new UpstreamFailureWatch();
    expect(watch.observe(failure(), 0)).toBeNull();
    expect(watch.observe(failure(), 10_000)).toBeNull();
    expect(watch.observe(failure(), 59_000)).toEqual({
      provider: 'anthropic',
      count: 3,
      status: 529,
      message: 'Overloaded',
    });
  });

  it('does not count failures older than a minute, other providers or other outcomes', () => {
    const watch = new UpstreamFailureWatch();
    watch.observe(failure(), 0);
    watch.observe(failure(), 1_000);
    expect(watch.observe(failure(), FAILURE_WINDOW_MS + 1_000)).toBeNull();
    expect(watch.observe(failure('openai'), FAILURE_WINDOW_MS + 2_000)).toBeNull();
    for (const outcome of ['ok', 'client_aborted', 'proxy_error', 'rejected', 'interrupted'] as const) {
      expect(watch.observe(record({ provider: 'anthropic', outcome }), FAILURE_WINDOW_MS + 3_000)).toBeNull();
    }
    expect(
      watch.observe(failure('anthropic', { source: 'import:claude-code' }), FAILURE_WINDOW_MS + 4_000),
    ).toBeNull();
    // Only the failure at FAILURE_WINDOW_MS + 1_000 is still within the minute.
    expect(watch.observe(failure(), FAILURE_WINDOW_MS + 5_000)).toBeNull();
    expect(watch.observe(failure(), FAILURE_WINDOW_MS + 6_000)).toMatchObject({ provider: 'anthropic' });
  });

  it('stays quiet about a provider for five minutes after reporting it', () => {
    const watch = new UpstreamFailureWatch();
    for (const t of [0, 1, 2]) watch.observe(failure(), t);
    for (let t = 3; t < QUIET_MS; t += 10_000) expect(watch.observe(failure(), t)).toBeNull();
    for (const t of [0, 1]) watch.observe(failure('openai'), t);
    expect(watch.observe(failure('openai'), 2)).not.toBeNull();
    expect(watch.observe(failure(), QUIET_MS + 2)).toBeNull();
    expect(watch.observe(failure(), QUIET_MS + 3)).toBeNull();
    expect(watch.observe(failure(), QUIET_MS + 4)).toMatchObject({ provider: 'anthropic', count: 3 });
  });
});

describe('upstreamFailureNotice', () => {
  it('names the provider, the count and the last error, shortened', () => {
    expect(
      upstreamFailureNotice({ provider: 'anthropic', count: 3, status: 529, message: 'Overloaded' }),
    ).toEqual({
      title: 'anthropic is failing',
      body:
        '3 requests to anthropic failed within a minute (last: HTTP 529: Overloaded). ' +
        'Check its status and your key on the Providers page.',
    });
    const long = upstreamFailureNotice({ provider: 'x', count: 3, status: null, message: 'a\n'.repeat(200) });
    expect(long.body).toMatch(/\(last: (a ){79}a…\)\./);
    expect(upstreamFailureNotice({ provider: 'x', count: 4, status: null, message: null }).body).toBe(
      '4 requests to x failed within a minute. Check its status and your key on the Providers page.',
    );
  });
});

describe('notifyUpstreamFailures', () => {
  it('notifies once per burst from the core’s recorded requests', () => {
    const core = fakeCore();
    const notify = vi.fn();
    let now = 0;
    const stop = notifyUpstreamFailures(core, notify, () => now);
    for (let i = 0; i < 6; i++) {
      now = i * 1_000;
      core.emitRecorded(failure());
    }
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith(expect.objectContaining({ title: 'anthropic is failing' }));
    stop();
    now = QUIET_MS * 2;
    for (let i = 0; i < 3; i++) core.emitRecorded(failure());
    expect(notify).toHaveBeenCalledTimes(1);
  });
});
