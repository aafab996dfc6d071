import type { Core } from '../core/core-types';

/** Pausing routing makes the proxy pass every request straight to the provider it names. */
export interface RoutingPause {
  paused(): boolean;
  setPaused(paused: boolean): void;
}

export function routingPauseFor(core: Core): RoutingPause {
  return {
    paused: () => core.routingPaused(),
    setPaused: (paused) => core.setRoutingPaused(paused),
  };
}
