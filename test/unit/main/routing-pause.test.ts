import { describe, expect, it } from 'vitest';
import { routingPauseFor } from '../../../electron/main/routing-pause';
import { fakeCore } from './fake-core';

describe('routingPauseFor', () => {
  it('drives the core once it has them', () => {
    let paused = false;
    const core = Object.assign(fakeCore(), {
      routingPaused: () => paused,
      setRoutingPaused(next: boolean) {
        paused = next;
      },
    });
    const pause = routingPauseFor(core);
    expect(pause?.paused()).toBe(false);
    pause?.setPaused(true);
    expect(paused).toBe(true);
    expect(pause?.paused()).toBe(true);
  });
});
