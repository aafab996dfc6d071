import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RoutingConfig } from '../../../../shared/routing';
import { BudgetStore } from '../../../../electron/core/budgets/budget-store';
import { parseConfig, type FareboxConfig } from '../../../../electron/core/config/load-config';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';

const dir = mkdtempSync(join(tmpdir(), 'farebox-budget-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

let dbCount = 0;
function newDbFile(): string {
  return join(dir, `farebox-${++dbCount}.db`);
}

/** Starts the store on `file`: a start, or a restart of the app (the previous handle is closed first). */
function start(
  file: string,
  config: FareboxConfig,
  aliases: () => RoutingConfig['aliases'] = () => ({}),
): BudgetStore {
  for (const db of open.splice(0)) db.close();
  const db = openDatabase(file);
  open.push(db);
  return new BudgetStore(db, config, aliases);
}

function configWith(budgets?: unknown): FareboxConfig {
  return parseConfig(
    {
      providers: [
        { id: 'anthropic', dialect: 'anthropic', baseUrl: 'https://api.anthropic.com' },
        { id: 'cheap', dialect: 'openai', baseUrl: 'https://cheap.example/v1' },
      ],
      ...(budgets === undefined ? {} : { budgets }),
    },
    null,
    {},
  );
}

function storedText(key: string): string | null {
  const row = open[0]!
    .prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
    .get(key);
  return row?.value ?? null;
}

function stored(key: string): unknown {
  const text = storedText(key);
  return text === null ? null : JSON.parse(text);
}

const MONTHLY = { id: 'monthly', amountUsd: 100, thresholds: [{ percent: 80, action: 'notify' }] };
const DAILY = { id: 'daily', period: 'day', amountUsd: 5, scope: { tools: ['claude-code'] } };
const EDITED = { id: 'edited', period: 'week', amountUsd: 20 };

describe('first start', () => {
  it('imports the config file’s budgets into SQLite and applies them', () => {
    const store = start(newDbFile(), configWith([MONTHLY, DAILY]));
    expect(store.problems()).toEqual([]);
    expect(store.budgets().map((b) => b.id)).toEqual(['monthly', 'daily']);
    // Validation fills in the defaults.
    expect(store.budgets()[0]).toMatchObject({ period: 'month', weekStartsOn: 'mon', scope: {} });
    expect(stored('budgets')).toEqual([MONTHLY, DAILY]);
    expect(storedText('budgets.config-hash')).toMatch(/^[0-9a-f]{64}$/);
    expect(store.raw()).toEqual([MONTHLY, DAILY]);
  });

  it('without a budgets section nothing is stored and there are no budgets', () => {
    const store = start(newDbFile(), configWith());
    expect(store.budgets()).toEqual([]);
    expect(store.problems()).toEqual([]);
    expect(store.raw()).toEqual([]);
    expect(stored('budgets')).toBeNull();
  });
});

describe('replace()', () => {
  it('stores valid budgets (with defaults filled in) and applies them at once', () => {
    const store = start(newDbFile(), configWith([MONTHLY]));
    expect(store.replace([EDITED])).toEqual({ ok: true });
    expect(store.budgets().map((b) => b.id)).toEqual(['edited']);
    expect(stored('budgets')).toEqual([
      { id: 'edited', period: 'week', weekStartsOn: 'mon', scope: {}, amountUsd: 20, thresholds: [] },
    ]);
    expect(store.raw()).toEqual(stored('budgets'));
  });

  it('stores nothing and changes nothing when any budget is invalid', () => {
    const store = start(newDbFile(), configWith([MONTHLY]));
    const result = store.replace([EDITED, { id: 'bad', amountUsd: -1 }]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([expect.stringMatching(/^budgets\[1\] "bad": amountUsd/)]);
    expect(store.budgets().map((b) => b.id)).toEqual(['monthly']);
    expect(stored('budgets')).toEqual([MONTHLY]);
  });

  it('rejects something that is not a list', () => {
    const store = start(newDbFile(), configWith([MONTHLY]));
    expect(store.replace({ id: 'x' } as unknown as unknown[])).toEqual({
      ok: false,
      problems: ['budgets: expected an array of budgets'],
    });
    expect(stored('budgets')).toEqual([MONTHLY]);
  });

  it('checks provider ids against the config and downgrade aliases against the current aliases', () => {
    let aliases: RoutingConfig['aliases'] = {};
    const store = start(newDbFile(), configWith(), () => aliases);
    const downgrade = {
      id: 'd',
      amountUsd: 10,
      scope: { providers: ['anthropic'] },
      thresholds: [{ percent: 90, action: 'downgrade', target: 'cheap' }],
    };
    expect(store.replace([{ ...downgrade, scope: { providers: ['nope'] } }])).toEqual({
      ok: false,
      problems: [
        'budgets[0] "d": scope.providers: no provider with id "nope"',
        'budgets[0] "d": thresholds[0].target: no alias named "cheap"',
      ],
    });
    aliases = { cheap: { provider: 'cheap', model: 'gpt-5-mini' } };
    expect(store.replace([downgrade])).toEqual({ ok: true });
    expect(store.budgets().map((b) => b.id)).toEqual(['d']);

    // The alias disappears from the rules: the budget drops out and says why, but stays stored.
    aliases = {};
    expect(store.budgets()).toEqual([]);
    expect(store.problems()).toEqual(['budgets[0] "d": thresholds[0].target: no alias named "cheap"']);
    expect(store.raw()).toHaveLength(1);
  });

  it('validate() reports problems without storing anything', () => {
    const store = start(newDbFile(), configWith([MONTHLY]));
    expect(store.validate([{ id: 'x', amountUsd: 1, timeZone: 'Mars/Base' }])).toEqual([
      'budgets[0] "x": timeZone: unknown time zone "Mars/Base"',
    ]);
    expect(store.validate([EDITED])).toEqual([]);
    expect(stored('budgets')).toEqual([MONTHLY]);
  });

  it('onChange() listeners run after a successful replace only', () => {
    const store = start(newDbFile(), configWith());
    let calls = 0;
    const off = store.onChange(() => calls++);
    store.replace([{ id: 'bad' }]);
    expect(calls).toBe(0);
    store.replace([EDITED]);
    expect(calls).toBe(1);
    off();
    store.replace([MONTHLY]);
    expect(calls).toBe(1);
  });

  it('raw() returns a copy', () => {
    const store = start(newDbFile(), configWith([MONTHLY]));
    (store.raw()[0] as { amountUsd: number }).amountUsd = 1;
    expect(store.raw()).toEqual([MONTHLY]);
  });
});

describe('restarts', () => {
  it('with the same config file, the stored (edited) budgets stay in force', () => {
    const file = newDbFile();
    start(file, configWith([MONTHLY])).replace([EDITED]);
    const restarted = start(file, configWith([MONTHLY]));
    expect(restarted.budgets().map((b) => b.id)).toEqual(['edited']);
  });

  it('with a changed budgets section in the config file, the file’s budgets replace the stored ones', () => {
    const file = newDbFile();
    start(file, configWith([MONTHLY])).replace([EDITED]);
    const restarted = start(file, configWith([{ ...MONTHLY, amountUsd: 200 }]));
    expect(restarted.budgets().map((b) => [b.id, b.amountUsd])).toEqual([['monthly', 200]]);
    expect(stored('budgets')).toEqual([{ ...MONTHLY, amountUsd: 200 }]);

    // The changed file is now the one imported: edits made after it survive the next restart.
    restarted.replace([EDITED]);
    expect(
      start(file, configWith([{ ...MONTHLY, amountUsd: 200 }]))
        .budgets()
        .map((b) => b.id),
    ).toEqual(['edited']);
  });

  it('edits made without a budgets section in the file survive restarts', () => {
    const file = newDbFile();
    start(file, configWith()).replace([EDITED]);
    expect(
      start(file, configWith())
        .budgets()
        .map((b) => b.id),
    ).toEqual(['edited']);
  });

  it('a budgets section added to the file later replaces the edits', () => {
    const file = newDbFile();
    start(file, configWith()).replace([EDITED]);
    expect(
      start(file, configWith([DAILY]))
        .budgets()
        .map((b) => b.id),
    ).toEqual(['daily']);
  });

  it('an empty budgets list in the file is a section too: it clears the edits', () => {
    const file = newDbFile();
    start(file, configWith()).replace([EDITED]);
    expect(start(file, configWith([])).budgets()).toEqual([]);
  });

  it('a corrupted stored value reads as no budgets rather than failing', () => {
    const file = newDbFile();
    start(file, configWith()).replace([EDITED]);
    open[0]!.prepare(`UPDATE settings SET value = '{not json' WHERE key = 'budgets'`).run();
    const restarted = start(file, configWith());
    expect(restarted.budgets()).toEqual([]);
    expect(restarted.raw()).toEqual([]);
  });
});

describe('invalid budgets in the config file', () => {
  const budgets = [MONTHLY, { id: 'typo', amountUsd: 10, period: 'fortnight' }, DAILY];

  it('are reported while the rest apply, and kept in raw()', () => {
    const store = start(newDbFile(), configWith(budgets));
    expect(store.problems()).toEqual([expect.stringMatching(/^budgets\[1\] "typo": period/)]);
    expect(store.budgets().map((b) => b.id)).toEqual(['monthly', 'daily']);
    expect(store.raw()).toEqual(budgets);
  });

  it('are reported again after a restart', () => {
    const file = newDbFile();
    start(file, configWith(budgets));
    const restarted = start(file, configWith(budgets));
    expect(restarted.problems()).toHaveLength(1);
    expect(restarted.budgets().map((b) => b.id)).toEqual(['monthly', 'daily']);
  });

  it('are cleared once a valid list replaces them', () => {
    const store = start(newDbFile(), configWith(budgets));
    expect(store.replace([MONTHLY])).toEqual({ ok: true });
    expect(store.problems()).toEqual([]);
  });
});
