import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, it, expect } from 'vitest';
import type { RouteTarget } from '../../../../shared/routing';
import { parseConfig, type FareboxConfig } from '../../../../electron/core/config/load-config';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';
import { requestFacts } from '../../../../electron/core/routing/request-facts';
import { RoutingStore } from '../../../../electron/core/routing/routing-store';

const dir = mkdtempSync(join(tmpdir(), 'farebox-routing-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

let dbCount = 0;
/** A fresh database file; reopen it with `openDb(file)` to simulate a restart. */
function newDbFile(): string {
  return join(dir, `farebox-${++dbCount}.db`);
}

function openDb(file: string): Db {
  const db = openDatabase(file);
  open.push(db);
  return db;
}

/** Starts the store on `file`: a start, or a restart of the app (the previous handle is closed first). */
function start(file: string, config: FareboxConfig): RoutingStore {
  for (const db of open.splice(0)) db.close();
  return new RoutingStore(openDb(file), config);
}

const CHEAP: RouteTarget = { provider: 'cheap', model: 'gpt-5-mini' };
const LOCAL: RouteTarget = { provider: 'cheap', model: 'qwen3-coder' };

function configWith(routing: { aliases?: unknown; rules?: unknown }): FareboxConfig {
  return parseConfig(
    {
      providers: [
        { id: 'anthropic', dialect: 'anthropic', baseUrl: 'https://api.anthropic.com' },
        { id: 'cheap', dialect: 'openai', baseUrl: 'https://cheap.example/v1' },
      ],
      ...routing,
    },
    null,
    {},
  );
}

const claudeFacts = requestFacts(
  'anthropic',
  { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] },
  'claude-code',
  'claude-sonnet-4-5',
  {},
);

const FILE_RULES = [{ id: 'cheap-claude', when: { models: ['claude-*'] }, then: { route: CHEAP } }];
const EDITED_RULES = [{ id: 'local-claude', when: { models: ['claude-*'] }, then: { route: LOCAL } }];

function storedRouting(db: Db): unknown {
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
    .get('routing');
  return row ? JSON.parse(row.value) : null;
}

describe('first start', () => {
  it('imports the config file’s rules and aliases into SQLite and applies them', () => {
    const file = newDbFile();
    const config = configWith({ aliases: { cheap: CHEAP }, rules: FILE_RULES });
    const store = start(file, config);
    expect(store.state.problems).toEqual([]);
    expect(store.routing()).toEqual({ aliases: { cheap: CHEAP }, rules: FILE_RULES });
    expect(store.state.router.decide(claudeFacts).targets).toEqual([CHEAP]);
    expect(storedRouting(open[0]!)).toEqual({ aliases: { cheap: CHEAP }, rules: FILE_RULES });
    expect(store.raw()).toEqual({ aliases: { cheap: CHEAP }, rules: FILE_RULES });
  });

  it('without a routing section nothing is stored and every request passes', () => {
    const file = newDbFile();
    const store = start(file, configWith({}));
    expect(store.state.router.isEmpty).toBe(true);
    expect(store.state.router.decide(claudeFacts).action).toBe('pass');
    expect(storedRouting(open[0]!)).toBeNull();
    expect(store.raw()).toEqual({ aliases: {}, rules: [] });
  });
});

describe('replace()', () => {
  it('stores valid rules and swaps the router in the shared state, so decisions change at once', () => {
    const store = start(newDbFile(), configWith({ rules: FILE_RULES }));
    const state = store.state;
    const before = state.router;
    expect(state.router.decide(claudeFacts).targets).toEqual([CHEAP]);

    expect(store.replace({ rules: EDITED_RULES })).toEqual({ ok: true });

    expect(store.state).toBe(state);
    expect(state.router).not.toBe(before);
    expect(state.router.decide(claudeFacts).rule?.id).toBe('local-claude');
    expect(state.router.decide(claudeFacts).targets).toEqual([LOCAL]);
    expect(storedRouting(open[0]!)).toEqual({ aliases: {}, rules: EDITED_RULES });
  });

  it('stores nothing and changes nothing when any rule is invalid', () => {
    const store = start(newDbFile(), configWith({ rules: FILE_RULES }));
    const router = store.state.router;
    const result = store.replace({
      rules: [...EDITED_RULES, { id: 'bad', then: { route: { provider: 'nope', model: 'm' } } }],
    });
    expect(result).toEqual({
      ok: false,
      problems: ['rules[1] "bad": then.route: no provider with id "nope"'],
    });
    expect(store.state.router).toBe(router);
    expect(store.state.router.decide(claudeFacts).targets).toEqual([CHEAP]);
    expect(storedRouting(open[0]!)).toEqual({ rules: FILE_RULES });
  });

  it('clears the problems of the config file’s invalid rules once a valid set replaces them', () => {
    const store = start(
      newDbFile(),
      configWith({ rules: [{ id: 'bad', when: { weather: 1 }, then: { pass: true } }, ...FILE_RULES] }),
    );
    expect(store.state.problems).toHaveLength(1);
    expect(store.replace({ rules: EDITED_RULES })).toEqual({ ok: true });
    expect(store.state.problems).toEqual([]);
  });

  it('validate() reports problems without storing or applying anything', () => {
    const store = start(newDbFile(), configWith({ rules: FILE_RULES }));
    expect(store.validate({ rules: [{ id: 'x', then: { route: 'missing' } }] })).toEqual([
      'rules[0] "x": then.route: no alias named "missing"',
    ]);
    expect(store.validate({ rules: EDITED_RULES })).toEqual([]);
    expect(store.state.router.decide(claudeFacts).targets).toEqual([CHEAP]);
    expect(storedRouting(open[0]!)).toEqual({ rules: FILE_RULES });
  });
});

describe('restarts', () => {
  it('with the same config file, the stored (edited) rules stay in force', () => {
    const file = newDbFile();
    const config = configWith({ rules: FILE_RULES });
    start(file, config).replace({ rules: EDITED_RULES });

    const restarted = start(file, configWith({ rules: FILE_RULES }));
    expect(restarted.routing().rules).toEqual(EDITED_RULES);
    expect(restarted.state.router.decide(claudeFacts).targets).toEqual([LOCAL]);
  });

  it('with a changed routing section in the config file, the file’s rules replace the stored ones', () => {
    const file = newDbFile();
    start(file, configWith({ rules: FILE_RULES })).replace({ rules: EDITED_RULES });

    const changed = [
      { id: 'reject-claude', when: { models: ['claude-*'] }, then: { reject: { message: 'no' } } },
    ];
    const restarted = start(file, configWith({ rules: changed }));
    expect(restarted.routing().rules).toEqual(changed);
    expect(restarted.state.router.decide(claudeFacts).action).toBe('reject');
    expect(storedRouting(open[0]!)).toEqual({ rules: changed });

    // The changed file is now the one imported: edits made after it survive the next restart.
    restarted.replace({ rules: EDITED_RULES });
    expect(start(file, configWith({ rules: changed })).routing().rules).toEqual(EDITED_RULES);
  });

  it('a changed alias alone counts as a changed routing section', () => {
    const file = newDbFile();
    start(file, configWith({ aliases: { cheap: CHEAP }, rules: FILE_RULES })).replace({
      rules: EDITED_RULES,
    });
    const restarted = start(file, configWith({ aliases: { cheap: LOCAL }, rules: FILE_RULES }));
    expect(restarted.routing()).toEqual({ aliases: { cheap: LOCAL }, rules: FILE_RULES });
  });

  it('edits made without a routing section in the file survive restarts', () => {
    const file = newDbFile();
    start(file, configWith({})).replace({ rules: EDITED_RULES });
    const restarted = start(file, configWith({}));
    expect(restarted.routing().rules).toEqual(EDITED_RULES);
  });

  it('a routing section added to the file later replaces the edits', () => {
    const file = newDbFile();
    start(file, configWith({})).replace({ rules: EDITED_RULES });
    const restarted = start(file, configWith({ rules: FILE_RULES }));
    expect(restarted.routing().rules).toEqual(FILE_RULES);
  });
});

describe('invalid rules in the config file', () => {
  const rules = [
    { id: 'weather', when: { weather: { above: 0.8 } }, then: { route: CHEAP } },
    ...FILE_RULES,
    { id: 'typo', then: { route: 'cheapest' } },
  ];

  it('are reported in state.problems while the rest apply', () => {
    const store = start(newDbFile(), configWith({ rules }));
    expect(store.state.problems).toEqual([
      expect.stringMatching(/^rules\[0\] "weather": when: .*"weather"/),
      'rules[2] "typo": then.route: no alias named "cheapest"',
    ]);
    expect(store.routing().rules.map((r) => r.id)).toEqual(['cheap-claude']);
    expect(store.state.router.decide(claudeFacts).targets).toEqual([CHEAP]);
  });

  it('are kept in raw() so the editor can show and fix them', () => {
    const store = start(newDbFile(), configWith({ rules }));
    expect(store.raw()).toEqual({ rules });
  });

  it('are reported again after a restart', () => {
    const file = newDbFile();
    start(file, configWith({ rules }));
    const restarted = start(file, configWith({ rules }));
    expect(restarted.state.problems).toHaveLength(2);
    expect(restarted.routing().rules.map((r) => r.id)).toEqual(['cheap-claude']);
  });

  it('a rules section that is not a list is reported and nothing applies', () => {
    const config = configWith({});
    config.routing = { rules: { id: 'x', then: { pass: true } } };
    const store = start(newDbFile(), config);
    expect(store.state.problems).toEqual(['rules: expected an array of rules']);
    expect(store.routing().rules).toEqual([]);
  });
});
