import { vi } from 'vitest';
import type { Channel, Channels, EventName, Events } from '../../../../shared/contract';
import type { RequestRecord } from '../../../../shared/records';
import type { ApiClient } from '../../../../renderer/src/lib/api';

export function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: 'r1',
    startedAt: '2025-11-20T10:00:00.000Z',
    finishedAt: '2025-11-20T10:00:01.000Z',
    tool: 'claude-code',
    sessionId: null,
    dialect: 'anthropic',
    endpoint: 'anthropic-messages',
    provider: 'anthropic',
    requestedModel: 'claude-sonnet-4-5',
    servedModel: 'claude-sonnet-4-5',
    stream: true,
    status: 200,
    outcome: 'ok',
    errorMessage: null,
    inputTokens: 100,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 50,
    reasoningTokens: 0,
    costUsd: 0.001,
    priceSource: 'genai-prices@0.1.8',
    priceRef: 'anthropic/claude-sonnet-4-5',
    ttfbMs: 300,
    durationMs: 1000,
    requestBytes: 1000,
    responseBytes: 2000,
    upstreamEndpoint: 'anthropic-messages',
    ruleId: null,
    baselineCostUsd: null,
    baselinePriceRef: null,
    savingsUsd: null,
    attempts: [],
    tags: [],
    upstreamRequestId: null,
    taskId: null,
    poolId: null,
    billing: 'on_demand',
    source: 'proxy',
    ...overrides,
  };
}

type Handler<C extends Channel> =
  | Channels[C]['result']
  | ((...args: Channels[C]['args']) => Channels[C]['result'] | Promise<Channels[C]['result']>);

export type FakeResults = { [C in Channel]?: Handler<C> };

/** An ApiClient over canned results (values or functions of the arguments); a missing channel rejects. */
export function fakeClient(results: FakeResults, live = true) {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const call = vi.fn(async (channel: Channel, ...args: unknown[]) => {
    const handler = results[channel] as unknown;
    if (handler === undefined) throw new Error(`no fake for ${channel}`);
    if (typeof handler === 'function') return (handler as (...a: unknown[]) => unknown)(...args);
    return handler;
  });
  const client: ApiClient = {
    live,
    call: call as unknown as ApiClient['call'],
    subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    for (const listener of listeners.get(event) ?? []) (listener as (p: Events[E]) => void)(payload);
  };
  const calls = (channel: Channel) =>
    call.mock.calls.filter(([c]) => c === channel).map(([, ...args]) => args);
  return { client, call, emit, calls, listeners };
}

/** A promise with its resolve exposed, to hold a fake answer back. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
