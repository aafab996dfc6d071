import type { Channel, Channels, ContractResult, EventName, Events } from '../../shared/contract';

/** What the preload exposes as `window.api`; absent when the page is served by `farebox serve`. */
export interface FareboxApi {
  invoke<C extends Channel>(
    channel: C,
    ...args: Channels[C]['args']
  ): Promise<ContractResult<Channels[C]['result']>>;
  /** Returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

declare global {
  interface Window {
    api?: FareboxApi;
  }
}
