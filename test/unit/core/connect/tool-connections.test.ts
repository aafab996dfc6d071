import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectableTool, ToolConnection } from '../../../../shared/dashboard';
import {
  applyConnection,
  listConnections,
  undoConnection,
  type ConnectEnv,
} from '../../../../electron/core/connect/tool-connections';
import { openDatabase, type Db } from '../../../../electron/core/store/open-database';
import type { RequestEntry } from '../../../../electron/core/store/request-entry';
import { RequestLog } from '../../../../electron/core/store/request-log';

const URL = 'http://127.0.0.1:3273';
const root = mkdtempSync(join(tmpdir(), 'farebox-connect-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let db: Db;
let env: ConnectEnv;
let caseCount = 0;
beforeEach(() => {
  const dir = join(root, `case-${++caseCount}`);
  mkdirSync(join(dir, 'home'), { recursive: true });
  db = openDatabase(join(dir, 'data', 'farebox.db'));
  env = { home: join(dir, 'home'), proxyUrl: URL, backupDir: join(dir, 'data', 'backups'), env: {} };
});
afterEach(() => db.close());

const claudePath = () => join(env.home, '.claude', 'settings.json');
const codexPath = () => join(env.home, '.codex', 'config.toml');
const geminiPath = () => join(env.home, '.gemini', '.env');

function write(path: string, content: string | Buffer): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

function connection(tool: ToolConnection['tool']): ToolConnection {
  return listConnections(db, env).find((c) => c.tool === tool)!;
}

function entry(id: string, startedAt: number, tool: string, source = 'proxy'): RequestEntry {
  return {
    id,
    startedAt,
    finishedAt: startedAt + 1_000,
    ttfbMs: 100,
    durationMs: 1_000,
    tool,
    sessionId: null,
    dialect: 'anthropic',
    endpoint: 'anthropic-messages',
    provider: 'anthropic',
    requestedModel: 'claude-sonnet-4-5',
    servedModel: 'claude-sonnet-4-5',
    stream: true,
    status: 200,
    outcome: 'ok',
    errorMessage: null,
    usage: {
      inputTokens: 1,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
    },
    costUsd: 0.001,
    priceSource: 'genai-prices@0.1.8',
    priceRef: 'anthropic/claude-sonnet-4-5',
    requestBytes: 10,
    responseBytes: 10,
    upstreamEndpoint: 'anthropic-messages',
    ruleId: null,
    baselineCostUsd: null,
    baselinePriceRef: null,
    attempts: [],
    tags: [],
    upstreamRequestId: null,
    taskId: null,
    poolId: null,
    billing: 'on_demand',
    source: source as RequestEntry['source'],
  };
}

/** apply → (checks) → undo, expecting the file back byte for byte. */
function roundTrip(tool: ConnectableTool, path: string, check: (applied: string) => void): void {
  const before = existsSync(path) ? readFileSync(path) : null;
  const applied = applyConnection(db, env, tool);
  expect(applied).toMatchObject({ tool, applied: true, canUndo: true, configPath: path });
  check(read(path));
  const undone = undoConnection(db, env, tool);
  expect(undone).toMatchObject({ applied: false, canUndo: false });
  if (before === null) expect(existsSync(path)).toBe(false);
  else expect(readFileSync(path).equals(before)).toBe(true);
  expect(readdirSync(env.backupDir)).toEqual([]);
}

describe('listConnections()', () => {
  it('lists the three tools Farebox configures, then the snippet-only ones', () => {
    const list = listConnections(db, env);
    expect(list.map((c) => c.tool)).toEqual([
      'claude-code',
      'codex',
      'gemini-cli',
      'cursor',
      'aider',
      'continue',
      'cline',
    ]);
    expect(list.slice(0, 3).map((c) => c.configPath)).toEqual([claudePath(), codexPath(), geminiPath()]);
    for (const c of list) {
      expect(c).toMatchObject({ applied: false, canUndo: false, lastSeenAt: null });
      expect(c.title).not.toBe('');
    }
    for (const c of list.slice(3)) expect(c.configPath).toBeNull();
    // Nothing is created by looking.
    expect(readdirSync(env.home)).toEqual([]);
  });

  it('snippets point at the proxy; never a key', () => {
    const list = listConnections(db, { ...env, proxyUrl: `${URL}/` });
    expect(connection('claude-code').snippet).toContain(`export ANTHROPIC_BASE_URL=${URL}\n`);
    expect(connection('codex').snippet).toContain(`base_url = "${URL}/v1"`);
    expect(connection('gemini-cli').snippet).toContain(`GOOGLE_GEMINI_BASE_URL=${URL}\n`);
    expect(connection('aider').snippet).toContain(`--openai-api-base ${URL}/t/aider/v1`);
    expect(connection('continue').snippet).toContain(`apiBase: ${URL}/t/continue/v1`);
    expect(connection('cline').snippet).toContain(`${URL}/t/cline/v1`);
    expect(list.find((c) => c.tool === 'claude-code')?.snippet).toContain(`=${URL}\n`);
    for (const c of list) expect(c.snippet).not.toMatch(/sk-|AIza/);
  });

  it('is honest about Cursor: its calls come from Cursor’s servers, so it needs a public URL', () => {
    const cursor = connection('cursor');
    expect(cursor.note).toMatch(/Cursor’s own servers/);
    expect(cursor.note).toMatch(/public HTTPS URL/);
    expect(cursor.snippet).toContain('Override OpenAI Base URL');
    expect(cursor.snippet).not.toContain(URL);
  });

  it('lastSeenAt: the newest proxied request of each tool (imported log rows do not count)', () => {
    const t = Date.UTC(2026, 10, 20, 12, 0, 0);
    const hour = 3_600_000;
    new RequestLog(db).storeImported([
      entry('r1', t, 'claude-code'),
      entry('r2', t + 60_000, 'claude-code'),
      // A later hour with only an imported row: the proxied one before it is still the last seen.
      entry('r3', t + 3 * hour, 'claude-code', 'import:claude-code'),
      entry('r4', t + 5_000, 'cursor'),
      entry('r5', t + 9_000, 'unknown'),
      entry('r6', t + 2 * hour, 'codex', 'import:codex'),
    ]);
    expect(connection('claude-code').lastSeenAt).toBe(new Date(t + 60_000).toISOString());
    expect(connection('cursor').lastSeenAt).toBe(new Date(t + 5_000).toISOString());
    expect(connection('codex').lastSeenAt).toBeNull();
    expect(connection('gemini-cli').lastSeenAt).toBeNull();

    // A long request still in flight (not rolled up yet) counts too.
    db.prepare(
      `INSERT INTO requests (id, started_at, tool, dialect, endpoint, provider, stream, outcome, price_source)
       VALUES ('r7', ?, 'gemini-cli', 'gemini', 'gemini-stream-generate', 'gemini', 1, 'in_flight', 'unpriced')`,
    ).run(t + 4 * hour);
    expect(connection('gemini-cli').lastSeenAt).toBe(new Date(t + 4 * hour).toISOString());
  });

  it('applied reads the file now: a hand-made setting counts, a different port does not', () => {
    write(claudePath(), JSON.stringify({ env: { ANTHROPIC_BASE_URL: URL } }));
    expect(connection('claude-code')).toMatchObject({ applied: true, canUndo: false });
    write(claudePath(), JSON.stringify({ env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9999' } }));
    expect(connection('claude-code').applied).toBe(false);
    write(claudePath(), '{ broken');
    expect(connection('claude-code').applied).toBe(false);
  });
});

describe('claude-code', () => {
  it('a missing settings file is created, and undo deletes it with the directory it needed', () => {
    roundTrip('claude-code', claudePath(), (text) => {
      expect(text).toBe(`{\n  "env": {\n    "ANTHROPIC_BASE_URL": "${URL}"\n  }\n}\n`);
    });
    expect(existsSync(join(env.home, '.claude'))).toBe(false);
  });

  it('keeps every other key, and undo restores the original bytes (indentation included)', () => {
    const original =
      '{\n    "model": "opus",\n    "env": {\n        "DISABLE_TELEMETRY": "1",\n        "ANTHROPIC_BASE_URL": "https://gw.example"\n    },\n    "permissions": {"allow": ["Bash(ls:*)"]}\n}';
    write(claudePath(), original);
    roundTrip('claude-code', claudePath(), (text) => {
      expect(JSON.parse(text)).toEqual({
        model: 'opus',
        env: { DISABLE_TELEMETRY: '1', ANTHROPIC_BASE_URL: URL },
        permissions: { allow: ['Bash(ls:*)'] },
      });
      expect(text).toContain('\n  "model": "opus",\n');
    });
  });

  it('keeps the directory on undo when it existed before', () => {
    mkdirSync(join(env.home, '.claude'));
    writeFileSync(join(env.home, '.claude', 'other.json'), '{}');
    roundTrip('claude-code', claudePath(), () => {});
    expect(readdirSync(join(env.home, '.claude'))).toEqual(['other.json']);
  });

  it('refuses a file that is not JSON and changes nothing', () => {
    write(claudePath(), '{ "model": "opus", }');
    expect(() => applyConnection(db, env, 'claude-code')).toThrow(
      expect.objectContaining({
        code: 'unreadable_config',
        message: expect.stringMatching(/not valid JSON/),
      }),
    );
    expect(read(claudePath())).toBe('{ "model": "opus", }');
    expect(existsSync(env.backupDir) ? readdirSync(env.backupDir) : []).toEqual([]);
    expect(connection('claude-code').canUndo).toBe(false);
  });

  it('undo after the file changed keeps those changes and takes out only the base URL', () => {
    const original = '{\n  "model": "opus"\n}\n';
    write(claudePath(), original);
    applyConnection(db, env, 'claude-code');
    const edited = JSON.parse(read(claudePath())) as Record<string, unknown>;
    edited.theme = 'dark';
    write(claudePath(), JSON.stringify(edited, null, 2) + '\n');
    undoConnection(db, env, 'claude-code');
    expect(read(claudePath())).toBe('{\n  "model": "opus",\n  "theme": "dark"\n}\n');
  });

  it('honours CLAUDE_CONFIG_DIR', () => {
    env.env = { CLAUDE_CONFIG_DIR: join(env.home, 'claude-config') };
    const path = join(env.home, 'claude-config', 'settings.json');
    expect(connection('claude-code').configPath).toBe(path);
    roundTrip('claude-code', path, (text) => expect(text).toContain(URL));
  });
});

describe('apply is idempotent and keeps the first backup', () => {
  it('applying twice, even with another port in between, then undo gives the original back', () => {
    const original = '{"model":"sonnet"}';
    write(claudePath(), original);
    applyConnection(db, env, 'claude-code');
    const once = read(claudePath());
    expect(applyConnection(db, env, 'claude-code')).toMatchObject({ applied: true, canUndo: true });
    expect(read(claudePath())).toBe(once);

    const moved = { ...env, proxyUrl: 'http://127.0.0.1:4000' };
    expect(applyConnection(db, moved, 'claude-code').applied).toBe(true);
    expect(connection('claude-code').applied).toBe(false); // the old URL is no longer in the file
    expect(JSON.parse(read(claudePath()))).toEqual({
      model: 'sonnet',
      env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:4000' },
    });
    expect(readFileSync(join(env.backupDir, 'claude-code.original'), 'utf8')).toBe(original);

    undoConnection(db, moved, 'claude-code');
    expect(read(claudePath())).toBe(original);
  });

  it('a second apply after a missing file keeps "it did not exist", so undo deletes it', () => {
    applyConnection(db, env, 'gemini-cli');
    applyConnection(db, env, 'gemini-cli');
    undoConnection(db, env, 'gemini-cli');
    expect(existsSync(geminiPath())).toBe(false);
  });

  it('undo without a backup changes nothing', () => {
    write(claudePath(), '{"env":{"ANTHROPIC_BASE_URL":"http://127.0.0.1:3273"}}');
    expect(undoConnection(db, env, 'claude-code')).toMatchObject({ applied: true, canUndo: false });
    expect(read(claudePath())).toBe('{"env":{"ANTHROPIC_BASE_URL":"http://127.0.0.1:3273"}}');
  });

  it('undo of a file deleted since restores the original', () => {
    write(geminiPath(), 'GEMINI_API_KEY=x\n');
    applyConnection(db, env, 'gemini-cli');
    rmSync(geminiPath());
    undoConnection(db, env, 'gemini-cli');
    expect(read(geminiPath())).toBe('GEMINI_API_KEY=x\n');
  });
});

describe('codex', () => {
  const REALISTIC = `# Codex
model = "gpt-5.5" # default
approval_policy = "on-request"
instructions = """
[not a table]
"""

[mcp_servers.docs]
command = "npx"
args = [
  "-y", # yes
  "@example/docs-mcp",
]

[profiles.fast]
model = "gpt-5-mini"
`;

  it('a realistic config round-trips byte for byte', () => {
    write(codexPath(), REALISTIC);
    roundTrip('codex', codexPath(), (text) => {
      expect(text).toBe(
        REALISTIC.replace('"""\n\n[mcp', '"""\nmodel_provider = "farebox"\n\n[mcp') +
          `\n[model_providers.farebox]\nname = "Farebox"\nbase_url = "${URL}/v1"\nwire_api = "responses"\n` +
          'env_key = "OPENAI_API_KEY"\nsupports_websockets = false\n',
      );
    });
  });

  it('a missing config is created and deleted again', () => {
    roundTrip('codex', codexPath(), (text) =>
      expect(text).toMatch(/^model_provider = "farebox"\n\n\[model_providers\.farebox\]/),
    );
    expect(existsSync(join(env.home, '.codex'))).toBe(false);
  });

  it('honours CODEX_HOME', () => {
    const codexHome = join(env.home, 'elsewhere');
    mkdirSync(codexHome);
    env.env = { CODEX_HOME: codexHome };
    roundTrip('codex', join(codexHome, 'config.toml'), (text) => expect(text).toContain(`"${URL}/v1"`));
    expect(existsSync(codexHome)).toBe(true);
  });

  it('refuses a file it cannot read as TOML', () => {
    write(codexPath(), 'model = "gpt-5\n');
    expect(() => applyConnection(db, env, 'codex')).toThrow(
      expect.objectContaining({ code: 'unreadable_config' }),
    );
    expect(read(codexPath())).toBe('model = "gpt-5\n');
  });

  it('undo after the user added a table keeps it', () => {
    write(codexPath(), REALISTIC);
    applyConnection(db, env, 'codex');
    write(codexPath(), `${read(codexPath())}\n[features]\nplugins = false\n`);
    undoConnection(db, env, 'codex');
    expect(read(codexPath())).toBe(`${REALISTIC}\n[features]\nplugins = false\n`);
  });

  it('a backup taken for another CODEX_HOME must be undone first', () => {
    applyConnection(db, env, 'codex');
    const other = join(env.home, 'other-codex');
    expect(() => applyConnection(db, { ...env, env: { CODEX_HOME: other } }, 'codex')).toThrow(
      expect.objectContaining({ code: 'backup_elsewhere' }),
    );
    // Undo follows the backup, wherever CODEX_HOME points now.
    undoConnection(db, { ...env, env: { CODEX_HOME: other } }, 'codex');
    expect(existsSync(codexPath())).toBe(false);
  });
});

describe('gemini-cli', () => {
  it('adds the variable to an existing .env, keeping the other lines', () => {
    const original = '# Gemini\nGEMINI_API_KEY=AIza-not-touched\nGEMINI_MODEL=gemini-2.5-pro';
    write(geminiPath(), original);
    roundTrip('gemini-cli', geminiPath(), (text) => {
      expect(text).toBe(`${original}\nGOOGLE_GEMINI_BASE_URL=${URL}\n`);
    });
  });

  it('replaces an existing assignment in place (export and CRLF kept)', () => {
    const original = 'export GOOGLE_GEMINI_BASE_URL="https://gw.example"\r\nGEMINI_API_KEY=k\r\n';
    write(geminiPath(), original);
    roundTrip('gemini-cli', geminiPath(), (text) => {
      expect(text).toBe(`export GOOGLE_GEMINI_BASE_URL=${URL}\r\nGEMINI_API_KEY=k\r\n`);
    });
  });

  it('a new .env is private to the user', () => {
    applyConnection(db, env, 'gemini-cli');
    expect(read(geminiPath())).toBe(`GOOGLE_GEMINI_BASE_URL=${URL}\n`);
    expect(statSync(geminiPath()).mode & 0o777).toBe(0o600);
  });

  it('undo after another line was added keeps it', () => {
    write(geminiPath(), 'GEMINI_API_KEY=k\n');
    applyConnection(db, env, 'gemini-cli');
    write(geminiPath(), `${read(geminiPath())}GEMINI_MODEL=x\n`);
    undoConnection(db, env, 'gemini-cli');
    expect(read(geminiPath())).toBe('GEMINI_API_KEY=k\nGEMINI_MODEL=x\n');
  });
});

describe('files', () => {
  it('writes through a symlink (dotfiles), keeping the link', () => {
    const target = join(env.home, 'dotfiles', 'claude-settings.json');
    write(target, '{"model":"opus"}\n');
    mkdirSync(join(env.home, '.claude'));
    symlinkSync(target, claudePath());
    applyConnection(db, env, 'claude-code');
    expect(lstatSync(claudePath()).isSymbolicLink()).toBe(true);
    expect(JSON.parse(read(target))).toMatchObject({ env: { ANTHROPIC_BASE_URL: URL } });
    undoConnection(db, env, 'claude-code');
    expect(lstatSync(claudePath()).isSymbolicLink()).toBe(true);
    expect(read(target)).toBe('{"model":"opus"}\n');
  });

  it('keeps the permission bits of an existing file', () => {
    write(codexPath(), 'model = "o3"\n');
    chmodSync(codexPath(), 0o640);
    applyConnection(db, env, 'codex');
    expect(statSync(codexPath()).mode & 0o777).toBe(0o640);
    undoConnection(db, env, 'codex');
    expect(statSync(codexPath()).mode & 0o777).toBe(0o640);
  });

  it('keeps non-UTF-8 bytes of the original on undo', () => {
    const original = Buffer.concat([
      Buffer.from('# caf'),
      Buffer.from([0xe9]),
      Buffer.from('\nmodel = "o3"\n'),
    ]);
    write(codexPath(), original);
    roundTrip('codex', codexPath(), () => {});
  });

  it('rejects a tool it cannot configure', () => {
    expect(() => applyConnection(db, env, 'cursor' as ConnectableTool)).toThrow(
      expect.objectContaining({ code: 'invalid_tool' }),
    );
    expect(() => undoConnection(db, env, '__proto__' as ConnectableTool)).toThrow(
      expect.objectContaining({ code: 'invalid_tool' }),
    );
  });
});
