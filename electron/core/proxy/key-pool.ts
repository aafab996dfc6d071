import type { ResolvedProvider } from '../config/load-config';

export interface PooledKey {
  key: string;
  index: number;
}

/**
 * A provider's keys in rotation. A key the provider answered with 429 rests until its retry-after (or the
 * provider's keyCooldownMs) has passed; requests use the first key that is not resting, so traffic stays on
 * one key (and its prompt cache) until that key is rate limited.
 */
export class KeyPool {
  private readonly restingUntil: number[];

  constructor(private readonly provider: ResolvedProvider) {
    this.restingUntil = provider.apiKeys.map(() => 0);
  }

  get size(): number {
    return this.provider.apiKeys.length;
  }

  /** The key to use now, skipping `tried` indexes; null when the client's own key should pass through. */
  pick(tried: ReadonlySet<number>, now = Date.now()): PooledKey | null {
    const keys = this.provider.apiKeys;
    if (keys.length === 0) return null;
    let soonest: number | null = null;
    for (let index = 0; index < keys.length; index++) {
      if (tried.has(index)) continue;
      if (this.restingUntil[index]! <= now) return { key: keys[index]!, index };
      if (soonest === null || this.restingUntil[index]! < this.restingUntil[soonest]!) soonest = index;
    }
    // Every untried key is resting: the one that wakes first is still better than refusing the request.
    return soonest === null ? null : { key: keys[soonest]!, index: soonest };
  }

  /** Whether another key than the ones tried could still be used. */
  hasUntried(tried: ReadonlySet<number>): boolean {
    return tried.size < this.provider.apiKeys.length;
  }

  rest(index: number, retryAfter: string | string[] | undefined, now = Date.now()): void {
    this.restingUntil[index] = now + (retryAfterMs(retryAfter, now) ?? this.provider.keyCooldownMs);
  }
}

/** retry-after in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
