import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryRequests } from '../../../../electron/core/store/dashboard-queries';
import type { Db } from '../../../../electron/core/store/open-database';
import type { RequestEntry } from '../../../../electron/core/store/request-entry';
import type { RequestQuery } from '../../../../shared/dashboard';
import { entry, store, storeInFlight, tempDatabase } from './fixtures';

let db: Db;
let close: () => void;
beforeEach(() => ({ db, close } = tempDatabase()));
afterEach(() => close());

const H = 3_600_000;
const T0 = Date.UTC(2025, 10, 1);
const iso = (ms: number) => new Date(ms).toISOString();

/** Every page of a query, following `next` until it is null. */
function allPages(query: RequestQuery) {
  const pages = [];
  let page = queryRequests(db, query);
  pages.push(page);
  while (page.next) {
    page = queryRequests(db, { ...query, before: page.next });
    pages.push(page);
    if (pages.length > 1000) throw new Error('runaway pagination');
  }
  return pages;
}

/** What a naive scan of the log says, for comparison. */
function expected(filter: (e: RequestEntry) => boolean, entries: readonly RequestEntry[]): string[] {
  return entries
    .filter(filter)
    .sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((e) => e.id);
}

describe('pagination', () => {
  let entries: RequestEntry[];
  beforeEach(() => {
    entries = [];
    for (let i = 0; i < 257; i++) {
      // Many requests share a start time (ties are broken by id), spread over a few days.
      entries.push(entry({ startedAt: T0 + Math.floor(i / 4) * 1_700_000 + (i % 3 === 0 ? 0 : 17) }));
    }
    store(db, entries);
  });

  it('walks the whole log newest first without gaps or repeats, with the total on every page', () => {
    const pages = allPages({ limit: 40 });
    expect(pages).toHaveLength(7);
    expect(pages.every((p) => p.total === 257)).toBe(true);
    expect(pages.slice(0, -1).every((p) => p.rows.length === 40)).toBe(true);
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(ids).toEqual(expected(() => true, entries));
    expect(new Set(ids).size).toBe(257);
    expect(pages.at(-1)!.next).toBeNull();
  });

  it('ends with next = null when the last page is exactly full', () => {
    const pages = allPages({ limit: 257 });
    expect(pages).toHaveLength(1);
    expect(pages[0]!.rows).toHaveLength(257);
    expect(pages[0]!.next).toBeNull();
  });

  it('defaults to 100 rows and caps the page at 1000', () => {
    expect(queryRequests(db, {}).rows).toHaveLength(100);
    expect(queryRequests(db, { limit: 0 }).rows).toHaveLength(1);
    store(
      db,
      Array.from({ length: 1200 }, (_, i) => entry({ startedAt: T0 - (i + 1) * 1000 })),
    );
    expect(queryRequests(db, { limit: 5000 }).rows).toHaveLength(1000);
  });

  it('pages filtered results the same way', () => {
    const pages = allPages({ limit: 7, from: iso(T0 + 10 * H), until: iso(T0 + 30 * H) });
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(ids).toEqual(expected((e) => e.startedAt >= T0 + 10 * H && e.startedAt < T0 + 30 * H, entries));
    expect(pages[0]!.total).toBe(ids.length);
  });
});

describe('filters and search', () => {
  let entries: RequestEntry[];
  beforeEach(() => {
    entries = [
      entry({
        startedAt: T0 + 1 * H,
        tool: 'codex',
        provider: 'openai',
        requestedModel: 'gpt-5',
        servedModel: 'gpt-5-mini',
      }),
      entry({
        startedAt: T0 + 2 * H,
        requestedModel: 'claude-opus-4-1',
        servedModel: 'claude-sonnet-4-5-20250929',
      }),
      entry({
        startedAt: T0 + 3 * H,
        outcome: 'upstream_error',
        status: 529,
        errorMessage: 'provider "anthropic" answered 529: Overloaded',
        costUsd: 0,
      }),
      entry({
        startedAt: T0 + 4 * H + 1,
        tool: 'gemini-cli',
        provider: 'gemini',
        requestedModel: 'gemini-2.5-pro',
        servedModel: 'gemini-2.5-pro',
        outcome: 'client_aborted',
        costUsd: null,
      }),
      entry({
        startedAt: T0 + 5 * H,
        tool: 'my_tool%',
        requestedModel: 'Claude-Haiku-4-5',
        servedModel: null,
      }),
      entry({
        startedAt: T0 + 6 * H,
        outcome: 'rejected',
        status: 403,
        servedModel: null,
        requestedModel: null,
      }),
    ];
    store(db, entries);
    storeInFlight(db, entry({ startedAt: T0 + 6 * H + 5 }));
  });
  const ids = (query: RequestQuery) => queryRequests(db, query).rows.map((r) => r.id);
  const id = (i: number) => entries[i]!.id;

  it('by tool, provider and outcome', () => {
    expect(ids({ tool: 'codex' })).toEqual([id(0)]);
    expect(ids({ provider: 'gemini' })).toEqual([id(3)]);
    expect(ids({ outcome: 'upstream_error' })).toEqual([id(2)]);
    expect(ids({ outcome: 'in_flight' })).toHaveLength(1);
    // 'error': every finished request that is not ok.
    expect(ids({ outcome: 'error' })).toEqual([id(5), id(3), id(2)]);
  });

  it('by a model glob over the requested and the served model, case-insensitive', () => {
    expect(ids({ model: 'gpt-5-mini' })).toEqual([id(0)]);
    expect(ids({ model: 'gpt-5' })).toEqual([id(0)]);
    expect(ids({ model: 'claude-opus-*' })).toEqual([id(1)]);
    expect(ids({ model: 'claude-haiku-*' })).toEqual([id(4)]);
    expect(ids({ model: 'gemini-2.?-pro' })).toEqual([id(3)]);
    expect(ids({ model: 'claude-sonnet-4-5' }).slice(1)).toEqual([id(2)]); // and the in-flight one
    expect(ids({ model: '*' })).toHaveLength(7);
  });

  it('by a time range (until exclusive)', () => {
    expect(ids({ from: iso(T0 + 2 * H), until: iso(T0 + 4 * H + 1) })).toEqual([id(2), id(1)]);
  });

  it('search: a case-insensitive substring of models, tool, error message or id; LIKE wildcards are literal', () => {
    expect(ids({ search: 'OVERLOADED' })).toEqual([id(2)]);
    // The in-flight request, then the two served by that snapshot.
    expect(ids({ search: 'sonnet-4-5-2025' }).slice(1)).toEqual([id(2), id(1)]);
    expect(ids({ search: 'mini' })).toEqual([id(3), id(0)]); // gemini, gpt-5-mini
    expect(ids({ search: 'gemini-cli' })).toEqual([id(3)]);
    expect(ids({ search: id(4) })).toEqual([id(4)]);
    expect(ids({ search: '_tool%' })).toEqual([id(4)]);
    expect(ids({ search: '%' })).toEqual([id(4)]);
    expect(queryRequests(db, { search: 'OVERLOADED' }).total).toBe(1);
  });

  it('combines filters', () => {
    expect(ids({ tool: 'claude-code', model: 'claude-*', outcome: 'ok' })).toEqual([id(1)]);
    expect(ids({ tool: 'claude-code', search: '529: over', from: iso(T0) })).toEqual([id(2)]);
  });

  it('answers an empty page when nothing matches', () => {
    expect(queryRequests(db, { tool: 'no-such-tool' })).toEqual({ rows: [], total: 0, next: null });
    expect(queryRequests(db, { search: 'no such text' })).toEqual({ rows: [], total: 0, next: null });
  });

  it('rejects a bad date', () => {
    expect(() => queryRequests(db, { from: 'last week' })).toThrow(/from must be an ISO 8601 date/);
    expect(() => queryRequests(db, { before: { startedAt: 'x', id: 'y' } })).toThrow(/before.startedAt/);
  });
});

describe('total', () => {
  let entries: RequestEntry[];
  beforeEach(() => {
    entries = [];
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const tools = ['claude-code', 'codex', 'aider'];
    const models = ['claude-sonnet-4-5', 'gpt-5', 'gemini-2.5-pro', null];
    const outcomes = ['ok', 'ok', 'ok', 'upstream_error', 'client_aborted'] as const;
    for (let i = 0; i < 3000; i++) {
      const requested = models[Math.floor(random() * models.length)]!;
      entries.push(
        entry({
          startedAt: T0 + Math.floor(random() * 72 * H),
          tool: tools[Math.floor(random() * tools.length)]!,
          provider: random() < 0.5 ? 'anthropic' : 'openrouter',
          requestedModel: requested,
          servedModel: random() < 0.3 ? null : random() < 0.5 ? `${requested ?? 'x'}-2025` : 'gpt-5-mini',
          outcome: outcomes[Math.floor(random() * outcomes.length)]!,
        }),
      );
    }
    store(db, entries);
    for (let i = 0; i < 5; i++) storeInFlight(db, entry({ startedAt: T0 + i * 13 * H + 7, tool: 'codex' }));
  });

  const rawCount = (query: RequestQuery) => {
    let n = 0;
    let page = queryRequests(db, { ...query, limit: 1000 });
    n += page.rows.length;
    while (page.next) {
      page = queryRequests(db, { ...query, limit: 1000, before: page.next });
      n += page.rows.length;
    }
    return n;
  };

  it('counts exactly what the pages hold, for every filter the rollup can answer and for those it cannot', () => {
    const ranges: Array<Pick<RequestQuery, 'from' | 'until'>> = [
      {},
      { from: iso(T0 + 5 * H + 1234) },
      { until: iso(T0 + 50 * H + 99) },
      { from: iso(T0 + 5 * H + 1234), until: iso(T0 + 50 * H + 99) },
      { from: iso(T0 + 5 * H), until: iso(T0 + 6 * H) },
      { from: iso(T0 + 5 * H + 10), until: iso(T0 + 5 * H + 20 * 60_000) },
    ];
    const filters: RequestQuery[] = [
      {},
      { tool: 'codex' },
      { provider: 'openrouter', model: 'gpt-5*' },
      { model: 'claude-*' },
      { outcome: 'ok' },
      { outcome: 'error', tool: 'aider' },
      { outcome: 'client_aborted' },
      { search: '2025' },
    ];
    for (const range of ranges) {
      for (const filter of filters) {
        const query = { ...range, ...filter };
        expect(queryRequests(db, { ...query, limit: 1 }).total, JSON.stringify(query)).toBe(rawCount(query));
      }
    }
  });

  it('stays exact after old rows were deleted but their rollups kept', () => {
    db.prepare(`DELETE FROM requests WHERE started_at < ?`).run(T0 + 30 * H + 1800_000);
    for (const filter of [{}, { tool: 'codex' }, { outcome: 'ok' as const }]) {
      expect(queryRequests(db, { ...filter, limit: 1 }).total).toBe(rawCount(filter));
    }
  });

  it('is 0 on an empty log', () => {
    db.prepare(`DELETE FROM requests`).run();
    expect(queryRequests(db, {})).toEqual({ rows: [], total: 0, next: null });
  });
});
