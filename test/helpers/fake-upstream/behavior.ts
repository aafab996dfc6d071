/** Misbehaviours chosen per request by `x-fake-behavior` (comma-separated). Counts are in stream events. */
export interface Behavior {
  delay: number;
  interval: number;
  status: number | null;
  cut: number | null;
  malformed: number | null;
  streamError: number | null;
  hold: number | null;
  refuse: boolean;
}

export const NORMAL: Readonly<Behavior> = Object.freeze({
  delay: 0,
  interval: 0,
  status: null,
  cut: null,
  malformed: null,
  streamError: null,
  hold: null,
  refuse: false,
});

const NUMERIC = ['delay', 'interval', 'status', 'cut', 'malformed', 'stream-error', 'hold'] as const;
type NumericName = (typeof NUMERIC)[number];

// The benchmark sends the same few header values thousands of times.
const cache = new Map<string, Behavior>();

export class BehaviorError extends Error {}

export function parseBehavior(spec: string | null | undefined): Readonly<Behavior> {
  if (!spec) return NORMAL;
  const cached = cache.get(spec);
  if (cached) return cached;
  const behavior = { ...NORMAL };
  for (const token of spec.split(',')) applyToken(behavior, token.trim());
  if (cache.size > 500) cache.clear();
  cache.set(spec, behavior);
  return behavior;
}

function applyToken(behavior: Behavior, token: string): void {
  if (token === '') return;
  if (token === 'refuse') {
    behavior.refuse = true;
    return;
  }
  const [name, raw] = token.split(':', 2);
  const value = Number(raw);
  if (!isNumericName(name) || raw === undefined || !Number.isInteger(value) || value < 0) {
    throw new BehaviorError(`fake-upstream: unknown behavior '${token}'`);
  }
  setNumeric(behavior, name, value);
}

function isNumericName(name: string | undefined): name is NumericName {
  return (NUMERIC as readonly (string | undefined)[]).includes(name);
}

function setNumeric(behavior: Behavior, name: NumericName, value: number): void {
  if (name === 'stream-error') behavior.streamError = value;
  else behavior[name] = value;
}
