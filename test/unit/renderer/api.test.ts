import { describe, expect, it, vi } from 'vitest';
import type { FareboxApi } from '../../../renderer/src/env';
import {
  ApiError,
  createApiClient,
  createHttpTransport,
  pickTransport,
  readToken,
} from '../../../renderer/src/lib/api';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('readToken', () => {
  it('reads #token=... from the hash', () => {
    expect(readToken('#token=abc123')).toBe('abc123');
    expect(readToken('#x=1&token=t')).toBe('t');
    expect(readToken('')).toBeNull();
    expect(readToken('#token=')).toBeNull();
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
  });

  it('falls back to HTTP with the token from the hash', async () => {
    const fetch = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) =>
      Promise.resolve(jsonResponse({ ok: true, data: null })),
    );
    const transport = pickTransport({ location: { hash: '#token=t1' } as Location, fetch });
    await transport.invoke('app:status');
    expect(fetch.mock.calls[0]?.[1]?.headers).toMatchObject({ authorization: 'Bearer t1' });
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
