import type { Db } from '../store/open-database';

/**
 * Flat-rate plan windows from response headers (protocols.md §8.3): Anthropic's `anthropic-ratelimit-unified-*`
 * on subscription (OAuth) traffic, and Codex's `x-codex-primary-*` / `x-codex-secondary-*`. The headers are
 * untrusted: a value that is not a plain, plausible number or a short word is dropped, never thrown on.
 */

export interface SubscriptionWindow {
  /** five_hour, seven_day, seven_day_sonnet, seven_day_opus, overage, unified (Anthropic); primary, secondary (Codex). */
  window: string;
  /** How much of the window is used, 0..1. */
  utilization: number | null;
  /** When the window resets, ms since the epoch. */
  resetsAt: number | null;
  /** The window's length: 300 for five hours, 10080 for a week; null when unknown. */
  windowMinutes: number | null;
  /** The provider's word for the window's state (allowed, allowed_warning, rejected, ...). */
  status: string | null;
}

export interface StoredWindow extends SubscriptionWindow {
  provider: string;
  /** When the headers were seen, ms since the epoch. */
  observedAt: number;
}

/** fetch Headers, Node/undici header records (values may be arrays), or [name, value] pairs. */
export type HeaderSource =
  | { forEach(callback: (value: string, name: string) => void): void }
  | Record<string, unknown>
  | Iterable<readonly [string, unknown]>;

const UNIFIED = 'anthropic-ratelimit-unified-';
const CODEX = 'x-codex-';
const MAX_WINDOWS = 16;
const WEEK_MINUTES = 7 * 24 * 60;
const MAX_WINDOW_MINUTES = 366 * 24 * 60;
/** Reset times outside 2000..2100 are garbage. */
const EARLIEST_S = 946_684_800;
const LATEST_S = 4_102_444_800;
const MAX_RESET_AFTER_S = 400 * 24 * 3600;

/**
 * Every plan window the headers describe (none for ordinary API traffic). Anthropic's overall
 * `-status` / `-reset` become the `unified` window, with the utilization and length of the window named by
 * `-representative-claim` (the one that binds).
 */
export function parseSubscriptionHeaders(
  headers: HeaderSource,
  now: number = Date.now(),
): SubscriptionWindow[] {
  const map = normalize(headers);
  return [...parseAnthropic(map), ...parseCodex(map, now)].slice(0, MAX_WINDOWS);
}

function parseAnthropic(headers: Map<string, string>): SubscriptionWindow[] {
  const windows = new Map<string, SubscriptionWindow>();
  for (const [name, value] of headers) {
    if (!name.startsWith(UNIFIED)) continue;
    const match = /^(5h|7d(?:[_-][a-z0-9]{1,24})?|overage)-(utilization|reset|status)$/.exec(
      name.slice(UNIFIED.length),
    );
    if (!match) continue;
    const key = anthropicWindowName(match[1]!);
    let window = windows.get(key);
    if (!window) {
      window = {
        window: key,
        utilization: null,
        resetsAt: null,
        windowMinutes: windowMinutesOf(key),
        status: null,
      };
      windows.set(key, window);
    }
    if (match[2] === 'utilization') window.utilization = fraction(value);
    else if (match[2] === 'reset') window.resetsAt = epoch(value);
    else window.status = word(value);
  }
  const status = word(headers.get(`${UNIFIED}status`));
  const reset = epoch(headers.get(`${UNIFIED}reset`));
  const claim = word(headers.get(`${UNIFIED}representative-claim`));
  if (status !== null || reset !== null || claim !== null) {
    const bound = claim === null ? undefined : windows.get(claim);
    windows.set('unified', {
      window: 'unified',
      utilization: bound?.utilization ?? null,
      resetsAt: reset ?? bound?.resetsAt ?? null,
      windowMinutes: bound?.windowMinutes ?? (claim === null ? null : windowMinutesOf(claim)),
      status,
    });
  }
  return [...windows.values()].filter(hasAnything);
}

/** 5h → five_hour, 7d → seven_day, 7d_sonnet (or 7d-sonnet) → seven_day_sonnet, overage → overage. */
function anthropicWindowName(part: string): string {
  if (part === '5h') return 'five_hour';
  if (part.startsWith('7d')) return part.length === 2 ? 'seven_day' : `seven_day_${part.slice(3)}`;
  return part;
}

function windowMinutesOf(window: string): number | null {
  if (window === 'five_hour') return 300;
  if (window === 'seven_day' || window.startsWith('seven_day_')) return WEEK_MINUTES;
  return null;
}

function parseCodex(headers: Map<string, string>, now: number): SubscriptionWindow[] {
  const windows: SubscriptionWindow[] = [];
  for (const which of ['primary', 'secondary'] as const) {
    const get = (suffix: string) => headers.get(`${CODEX}${which}-${suffix}`);
    const percent = number(get('used-percent'));
    const after = number(get('reset-after-seconds'));
    const window: SubscriptionWindow = {
      window: which,
      utilization: percent === null || percent < 0 ? null : Math.min(1, percent / 100),
      resetsAt:
        epoch(get('reset-at')) ??
        (after !== null && after >= 0 && after <= MAX_RESET_AFTER_S && Number.isFinite(now)
          ? now + Math.round(after * 1000)
          : null),
      windowMinutes: minutes(get('window-minutes')),
      status: null,
    };
    if (hasAnything(window)) windows.push(window);
  }
  return windows;
}

function hasAnything(w: SubscriptionWindow): boolean {
  return w.utilization !== null || w.resetsAt !== null || w.status !== null;
}

// ---------------------------------------------------------------------------------------------- values

/** Lowercased names; the first string of an array value; the first of comma-joined duplicates. */
function normalize(headers: HeaderSource): Map<string, string> {
  const map = new Map<string, string>();
  const add = (name: unknown, value: unknown) => {
    if (typeof name !== 'string') return;
    const key = name.toLowerCase();
    if (!key.startsWith(UNIFIED) && !key.startsWith(CODEX)) return;
    const text = Array.isArray(value) ? value.find((v) => typeof v === 'string') : value;
    const scalar = typeof text === 'number' ? String(text) : text;
    if (typeof scalar !== 'string' || map.has(key) || scalar.length > 200) return;
    map.set(key, scalar.split(',')[0]!.trim());
  };
  if (headers === null || typeof headers !== 'object') return map;
  try {
    if (typeof (headers as { forEach?: unknown }).forEach === 'function' && !Array.isArray(headers)) {
      (headers as { forEach(cb: (value: string, name: string) => void): void }).forEach((value, name) =>
        add(name, value),
      );
    } else if (Symbol.iterator in headers) {
      for (const pair of headers as Iterable<unknown>) {
        if (Array.isArray(pair)) add(pair[0], pair[1]);
      }
    } else {
      for (const [name, value] of Object.entries(headers)) add(name, value);
    }
  } catch {
    // A hostile iterable or getter: keep what was read.
  }
  return map;
}

/** A plain decimal number ("0.42", "1e-3"); anything else (empty, "NaN", "0x1f", "12abc") is null. */
function number(text: string | undefined): number | null {
  if (text === undefined || !/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Anthropic sends a fraction (0.42); a value above 1 is read as a percentage (42) and capped at 100 %. */
function fraction(text: string | undefined): number | null {
  const value = number(text);
  if (value === null || value < 0 || value > 100) return null;
  return value <= 1 ? value : value / 100;
}

/** Epoch seconds (or milliseconds, told apart by size) within 2000..2100, as ms. */
function epoch(text: string | undefined): number | null {
  const value = number(text);
  if (value === null) return null;
  const seconds = value > LATEST_S * 10 ? value / 1000 : value;
  return seconds >= EARLIEST_S && seconds <= LATEST_S ? Math.round(seconds * 1000) : null;
}

function minutes(text: string | undefined): number | null {
  const value = number(text);
  return value !== null && Number.isInteger(value) && value > 0 && value <= MAX_WINDOW_MINUTES ? value : null;
}

function word(text: string | undefined): string | null {
  return text !== undefined && /^[a-z][a-z0-9_-]{0,31}$/i.test(text) ? text.toLowerCase() : null;
}

// ---------------------------------------------------------------------------------------------- store

/** Upserts the latest state of each window (a new observation replaces the whole row). */
export function storeWindows(
  db: Db,
  provider: string,
  windows: readonly SubscriptionWindow[],
  now: number = Date.now(),
): void {
  if (windows.length === 0) return;
  const upsert = db.prepare<
    [string, string, number | null, number | null, number | null, string | null, number]
  >(
    `INSERT INTO subscription_windows (provider, window, utilization, resets_at, window_minutes, status, observed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider, window) DO UPDATE SET utilization = excluded.utilization,
       resets_at = excluded.resets_at, window_minutes = excluded.window_minutes, status = excluded.status,
       observed_at = excluded.observed_at
     WHERE excluded.observed_at >= subscription_windows.observed_at`,
  );
  db.transaction(() => {
    for (const w of windows) {
      upsert.run(provider, w.window, w.utilization, w.resetsAt, w.windowMinutes, w.status, now);
    }
  })();
}

/** Parses the headers and stores what they say; returns the windows (empty for ordinary API traffic). */
export function observeSubscriptionHeaders(
  db: Db,
  provider: string,
  headers: HeaderSource,
  now: number = Date.now(),
): SubscriptionWindow[] {
  const windows = parseSubscriptionHeaders(headers, now);
  storeWindows(db, provider, windows, now);
  return windows;
}

/** The stored windows, by provider and window name; one provider's when given. */
export function readWindows(db: Db, provider?: string): StoredWindow[] {
  const rows = db
    .prepare<
      [string | null, string | null],
      {
        provider: string;
        window: string;
        utilization: number | null;
        resets_at: number | null;
        window_minutes: number | null;
        status: string | null;
        observed_at: number;
      }
    >(`SELECT * FROM subscription_windows WHERE (? IS NULL OR provider = ?) ORDER BY provider, window`)
    .all(provider ?? null, provider ?? null);
  return rows.map((row) => ({
    provider: row.provider,
    window: row.window,
    utilization: row.utilization,
    resetsAt: row.resets_at,
    windowMinutes: row.window_minutes,
    status: row.status,
    observedAt: row.observed_at,
  }));
}
