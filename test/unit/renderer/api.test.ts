import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FareboxApi } from '../../../renderer/src/env';
import {
  ApiError,
  captureToken,
  createApiClient,
  createHttpTransport,
  eventsUrl,
  pickTransport,
  readToken,
  resetCapturedToken,
  serialized,
  watch,
  type EventSourceLike,
} from '../../../renderer/src/lib/api';
import { record } from '../main/fake-core';
import { fakeClient } from './fake-client';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A fake EventSource: the test dispatches named events and errors. */
class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  listeners = new Map<string, Set<(event: MessageEvent<string>) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }
  removeEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.get(type)?.delete(listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  dispatch(type: string, data: string) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data } as MessageEvent<string>);
  }
  fail(permanently: boolean) {
    this.readyState = permanently ? 2 : 0;
    this.dispatch('error', '');
  }
  count(type: string) {
    return this.listeners.get(type)?.size ?? 0;
  }
}

afterEach(() => {
  FakeEventSource.instances = [];
  resetCapturedToken();
  vi.useRealTimers();
});

describe('readToken', () => {
  it('reads #token=... from the hash', () => {
    expect(readToken('#token=abc123')).toBe('abc123');
    expect(readToken('#x=1&token=t')).toBe('t');
    expect(readToken('')).toBeNull();
    expect(readToken('#token=')).toBeNull();
  });
});

describe('captureToken', () => {
  const storage = () => {
    const data = new Map<string, string>();
    return {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      data,
    };
  };

  it('reads the token once, keeps it when the hash changes, and remembers it for a reload', () => {
    const session = storage();
    const location = { hash: '#token=first' };
    expect(captureToken({ location, sessionStorage: session })).toBe('first');
    location.hash = '#/spend';
    expect(captureToken({ location, sessionStorage: session })).toBe('first');
    expect(session.data.get('farebox.token')).toBe('first');

    resetCapturedToken(); // a reload of the tab: the router already removed the token from the hash
    expect(captureToken({ location: { hash: '#/spend' }, sessionStorage: session })).toBe('first');
  });

  it('works without storage', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(captureToken({ location: { hash: '#token=t' }, sessionStorage: throwing })).toBe('t');
    resetCapturedToken();
    expect(captureToken({ location: { hash: '' } })).toBeNull();
  });
});

describe('HTTP transport', () => {
  it('POSTs the args to /_farebox/api/<channel> with the bearer token', async () => {
    const fetch = vi.fn((_input: string, _init: RequestInit) =>
      Promise.resolve(jsonResponse({ ok: true, data: [] })),
    );
    const transport = createHttpTransport({ fetch, token: 'secret' });
    await expect(transport.invoke('requests:recent', 20)).resolves.toEqual({ ok: true, data: [] });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/_farebox/api/requests:recent');
    expect(init?.method).toBe('POST');
    expect(init?.headers).toMatchObject({ authorization: 'Bearer secret' });
    expect(JSON.parse(String(init?.body))).toEqual({ args: [20] });
    expect(transport.live).toBe(false);
  });

  it('passes error results through and maps other failures to codes', async () => {
    const error = { ok: false, error: { code: 'forbidden', message: 'bad token' } };
    const withError = createHttpTransport({
      fetch: () => Promise.resolve(jsonResponse(error, 401)),
      token: null,
    });
    await expect(withError.invoke('app:status')).resolves.toEqual(error);

    const html = createHttpTransport({
      fetch: () => Promise.resolve(new Response('<html>', { status: 502, statusText: 'Bad Gateway' })),
      token: null,
    });
    await expect(html.invoke('app:status')).resolves.toMatchObject({
      ok: false,
      error: { code: 'http_502' },
    });

    const offline = createHttpTransport({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      token: null,
    });
    await expect(offline.invoke('app:status')).resolves.toMatchObject({
      ok: false,
      error: { code: 'network' },
    });
  });
});

describe('HTTP events (Server-Sent Events)', () => {
  const transport = (extra: Partial<Parameters<typeof createHttpTransport>[0]> = {}) =>
    createHttpTransport({
      fetch: () => Promise.reject(new Error('unused')),
      token: 'tok en',
      eventSource: (url) => new FakeEventSource(url),
      ...extra,
    });

  it('is live and opens one stream at /_farebox/events?token=… on the first subscription', () => {
    const t = transport();
    expect(t.live).toBe(true);
    expect(FakeEventSource.instances).toHaveLength(0);
    const got: unknown[] = [];
    t.on('requests:recorded', (r) => got.push(r.id));
    t.on('budget:threshold-crossed', (e) => got.push(e.budgetId));
    expect(FakeEventSource.instances).toHaveLength(1);
    const source = FakeEventSource.instances[0]!;
    expect(source.url).toBe('/_farebox/events?token=tok%20en');

    source.dispatch('requests:recorded', JSON.stringify(record({ id: 'a' })));
    source.dispatch('budget:threshold-crossed', JSON.stringify({ budgetId: 'b1' }));
    source.dispatch('requests:recorded', 'not json');
    expect(got).toEqual(['a', 'b1']);
  });

  it('shares the stream between listeners and closes it with the last one', () => {
    const t = transport();
    const a = vi.fn();
    const b = vi.fn();
    const stopA = t.on('requests:recorded', a);
    const stopB = t.on('requests:recorded', b);
    const source = FakeEventSource.instances[0]!;
    expect(source.count('requests:recorded')).toBe(1);
    source.dispatch('requests:recorded', '{"id":"x"}');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    stopA();
    stopA(); // twice is harmless
    source.dispatch('requests:recorded', '{"id":"y"}');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    expect(source.closed).toBe(false);
    stopB();
    expect(source.closed).toBe(true);
    expect(source.count('requests:recorded')).toBe(0);

    t.on('requests:recorded', a);
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('keeps going when one listener throws', () => {
    const t = transport();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const after = vi.fn();
    t.on('requests:recorded', () => {
      throw new Error('boom');
    });
    t.on('requests:recorded', after);
    FakeEventSource.instances[0]!.dispatch('requests:recorded', '{}');
    expect(after).toHaveBeenCalled();
    error.mockRestore();
  });

  it('reopens a stream the server closed, after a pause, and not one that is retrying by itself', () => {
    vi.useFakeTimers();
    const t = transport({ reconnectMs: 1_000 });
    const listener = vi.fn();
    t.on('requests:recorded', listener);
    const first = FakeEventSource.instances[0]!;
    first.fail(false); // EventSource retries on its own
    vi.advanceTimersByTime(5_000);
    expect(FakeEventSource.instances).toHaveLength(1);

    first.fail(true); // e.g. 401 or 404: EventSource gives up
    expect(first.closed).toBe(true);
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.instances[1]!.dispatch('requests:recorded', '{"id":"z"}');
    expect(listener).toHaveBeenCalledWith({ id: 'z' });
  });

  it('does not reopen when everyone unsubscribed during the pause', () => {
    vi.useFakeTimers();
    const t = transport({ reconnectMs: 1_000 });
    const stop = t.on('requests:recorded', vi.fn());
    FakeEventSource.instances[0]!.fail(true);
    stop();
    vi.advanceTimersByTime(5_000);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('builds the events URL with and without a token', () => {
    expect(eventsUrl(null)).toBe('/_farebox/events');
    expect(eventsUrl('a&b', 'http://127.0.0.1:3273')).toBe(
      'http://127.0.0.1:3273/_farebox/events?token=a%26b',
    );
  });
});

describe('pickTransport', () => {
  it('uses window.api when the preload provided it', async () => {
    const ipc: FareboxApi = {
      invoke: vi.fn(() => Promise.resolve({ ok: true as const, data: [] })) as FareboxApi['invoke'],
      on: vi.fn(() => () => undefined),
    };
    const fetch = vi.fn();
    const transport = pickTransport({ api: ipc, location: { hash: '' } as Location, fetch });
    expect(transport.live).toBe(true);
    await transport.invoke('requests:recent');
    expect(ipc.invoke).toHaveBeenCalledWith('requests:recent');
    expect(fetch).not.toHaveBeenCalled();
    transport.on('requests:recorded', () => undefined);
    expect(ipc.on).toHaveBeenCalledWith('requests:recorded', expect.any(Function));
  });

  it('falls back to HTTP with the token from the hash', async () => {
    const fetch = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) =>
      Promise.resolve(jsonResponse({ ok: true, data: null })),
    );
    const transport = pickTransport({ location: { hash: '#token=t1' } as Location, fetch });
    await transport.invoke('app:status');
    expect(fetch.mock.calls[0]?.[1]?.headers).toMatchObject({ authorization: 'Bearer t1' });
    expect(transport.live).toBe(false); // no EventSource in this window
  });

  it('is live over HTTP when the window has EventSource', () => {
    const transport = pickTransport({
      location: { hash: '#token=t2' } as Location,
      fetch: vi.fn(),
      EventSource: FakeEventSource,
    });
    expect(transport.live).toBe(true);
    transport.on('requests:recorded', () => undefined);
    expect(FakeEventSource.instances[0]?.url).toBe('/_farebox/events?token=t2');
  });
});

describe('ApiClient', () => {
  it('unwraps data and throws ApiError on failure', async () => {
    const ok = createApiClient(() => ({
      live: false,
      invoke: () => Promise.resolve({ ok: true, data: 42 }) as never,
      on: () => () => undefined,
    }));
    await expect(ok.call('app:status')).resolves.toBe(42);

    const failing = createApiClient(() => ({
      live: false,
      invoke: () => Promise.resolve({ ok: false, error: { code: 'nope', message: 'no' } }),
      on: () => () => undefined,
    }));
    await expect(failing.call('app:status')).rejects.toEqual(new ApiError('nope', 'no'));
  });
});

describe('watch', () => {
  it('reloads once per burst of events when live, and heals on a slow timer', async () => {
    vi.useFakeTimers();
    const { client, emit } = fakeClient({}, true);
    const reload = vi.fn();
    const seen: string[] = [];
    const stop = watch(client, ['requests:recorded'], reload, {
      debounceMs: 100,
      healMs: 10_000,
      onEvent: (_event, payload) => seen.push(payload.id),
    });
    emit('requests:recorded', record({ id: 'a' }));
    emit('requests:recorded', record({ id: 'b' }));
    vi.advanceTimersByTime(99);
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(['a', 'b']);
    vi.advanceTimersByTime(10_000);
    expect(reload).toHaveBeenCalledTimes(2);
    stop();
    emit('requests:recorded', record());
    vi.advanceTimersByTime(20_000);
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('polls when the transport pushes nothing', () => {
    vi.useFakeTimers();
    const { client, listeners } = fakeClient({}, false);
    const reload = vi.fn();
    const stop = watch(client, ['requests:recorded'], reload, { pollMs: 1_000 });
    expect(listeners.size).toBe(0);
    vi.advanceTimersByTime(3_000);
    expect(reload).toHaveBeenCalledTimes(3);
    stop();
    vi.advanceTimersByTime(3_000);
    expect(reload).toHaveBeenCalledTimes(3);
  });
});

describe('serialized', () => {
  it('runs one load at a time and at most one follow-up for a burst', async () => {
    let resolve: () => void = () => undefined;
    const load = vi.fn(() => new Promise<void>((r) => (resolve = r)));
    const run = serialized(load);
    const first = run();
    void run();
    void run();
    expect(load).toHaveBeenCalledTimes(1);
    resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(load).toHaveBeenCalledTimes(2);
    resolve();
    await first;
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('recovers after a failing load', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('x')).mockResolvedValue(undefined);
    const run = serialized(load);
    await expect(run()).rejects.toThrow('x');
    await expect(run()).resolves.toBeUndefined();
  });
});
