import { vi } from 'vitest';
import type { Channel, Channels, EventName, Events } from '../../../shared/contract';
import type { ApiClient } from '../../../renderer/src/lib/api';

type Results = Partial<{
  [C in Channel]: Channels[C]['result'] | ((...args: Channels[C]['args']) => Channels[C]['result']);
}>;

/** An ApiClient answering from a table, with events the test can emit. */
export function fakeClient(results: Results, live = true) {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const call = vi.fn((channel: Channel, ...args: unknown[]) => {
    const result = results[channel];
    if (result === undefined) return Promise.reject(new Error(`no fake result for ${channel}`));
    return Promise.resolve(
      typeof result === 'function' ? (result as (...a: unknown[]) => unknown)(...args) : result,
    );
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
  const calls = (channel: Channel) => call.mock.calls.filter(([c]) => c === channel);
  return { client, call, calls, emit, listeners };
}
