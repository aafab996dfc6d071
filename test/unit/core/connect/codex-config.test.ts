import { describe, expect, it } from 'vitest';
import {
  applyCodex,
  codexIsApplied,
  codexSnippet,
  revertCodex,
} from '../../../../electron/core/connect/codex-config';
import { scanToml, tomlStringValue } from '../../../../electron/core/connect/toml-scan';

const URL = 'http://127.0.0.1:3273';

/** What applyCodex adds to a file without any of it. */
const TABLE = `[model_providers.farebox]
name = "Farebox"
base_url = "http://127.0.0.1:3273/v1"
wire_api = "responses"
env_key = "OPENAI_API_KEY"
supports_websockets = false
`;

/** A config as people keep them: comments, profiles, MCP servers, multi-line strings and arrays. */
const REALISTIC = `# Codex configuration
# https://github.com/openai/codex/blob/main/docs/config.md

model = "gpt-5.5"            # the default model
approval_policy = "on-request"
notify = [
  "notify-send",   # desktop notification
  "Codex",
]
instructions = """
Always answer in English.
[this is not a table]
model_provider = "not-a-key"
"""

# Providers
[model_providers.azure]
name = "Azure"
base_url = "https://example.openai.azure.com/openai"
query_params = { api-version = "2025-04-01-preview" }

[profiles.work]
model = "o3"
model_provider = "azure"

[mcp_servers.docs]
command = 'npx'
args = ["-y", "@example/docs-mcp", "--root=[project]"]
env = { "API_URL" = "https://docs.example" }

[features]
plugins = false
`;

describe('scanToml()', () => {
  it('finds headers and top-level keys, skipping multi-line strings and arrays', () => {
    const statements = scanToml(REALISTIC);
    const headers = statements.filter((s) => s.kind === 'table').map((s) => s.key.join('.'));
    expect(headers).toEqual(['model_providers.azure', 'profiles.work', 'mcp_servers.docs', 'features']);
    const topLevel = statements.filter((s) => s.kind === 'keyvalue' && s.table.length === 0);
    expect(topLevel.map((s) => s.key.join('.'))).toEqual([
      'model',
      'approval_policy',
      'notify',
      'instructions',
    ]);
    const model = topLevel[0]!;
    expect(REALISTIC.slice(model.valueStart, model.valueEnd)).toBe('"gpt-5.5"');
    // Statements cover the text exactly.
    expect(statements.map((s) => REALISTIC.slice(s.start, s.end)).join('')).toBe(REALISTIC);
  });

  it('reads quoted and dotted keys, literal strings, CRLF and a final line without a break', () => {
    const text = '[ model_providers . "fare\\u0062ox" ]\r\n\'wire_api\' = \'responses\'\r\nbase.url = "x"';
    const statements = scanToml(text);
    expect(statements.map((s) => [s.kind, s.key])).toEqual([
      ['table', ['model_providers', 'farebox']],
      ['keyvalue', ['wire_api']],
      ['keyvalue', ['base', 'url']],
    ]);
    expect(statements[2]!.table).toEqual(['model_providers', 'farebox']);
    expect(statements.map((s) => text.slice(s.start, s.end)).join('')).toBe(text);
  });

  it('handles quotes right before a closing triple quote, and dates with a space', () => {
    const text = "a = \"\"\"x\"\"\"\"\nb = '''y'''''\nwhen = 1979-05-27 07:32:00Z # birthday\n[t]\n";
    expect(scanToml(text).map((s) => s.kind)).toEqual(['keyvalue', 'keyvalue', 'keyvalue', 'table']);
  });

  it('rejects what it cannot read, with the line', () => {
    expect(() => scanToml('a = "open\nb = 1\n')).toThrow(/line 1: unterminated string/);
    expect(() => scanToml('ok = 1\n[table\n')).toThrow(/line 2/);
    expect(() => scanToml('a = [1, 2\n')).toThrow(/unterminated array/);
    expect(() => scanToml('a = "x" b\n')).toThrow(/unexpected text/);
  });

  it('tomlStringValue() decodes one-line strings only', () => {
    expect(tomlStringValue('"a\\"b\\u00e9"')).toBe('a"bé');
    expect(tomlStringValue("'C:\\path'")).toBe('C:\\path');
    expect(tomlStringValue('"""x"""')).toBeNull();
    expect(tomlStringValue('true')).toBeNull();
  });
});

describe('applyCodex()', () => {
  it('a missing file gets the provider and the table', () => {
    const text = applyCodex(null, URL);
    expect(text).toBe(`model_provider = "farebox"\n\n${TABLE}`);
    expect(codexIsApplied(text, URL)).toBe(true);
    expect(codexIsApplied(text, 'http://127.0.0.1:9999')).toBe(false);
  });

  it('keeps a realistic file byte for byte, adding one top-level line and the table at the end', () => {
    const text = applyCodex(REALISTIC, URL);
    const expected = REALISTIC.replace(
      'approval_policy = "on-request"\n',
      'approval_policy = "on-request"\n',
    ).replace('"""\n\n# Providers', '"""\nmodel_provider = "farebox"\n\n# Providers');
    expect(text).toBe(`${expected}\n${TABLE}`);
    expect(codexIsApplied(text, URL)).toBe(true);
    // The profile's own model_provider and the multi-line string's fake key are untouched.
    expect(text).toContain('[profiles.work]\nmodel = "o3"\nmodel_provider = "azure"\n');
    expect(text).toContain('[this is not a table]\nmodel_provider = "not-a-key"\n');
  });

  it('replaces an existing top-level model_provider value in place, keeping its comment', () => {
    const source = 'model = "o3"\nmodel_provider = "openai" # was openai\n\n[features]\nplugins = false\n';
    expect(applyCodex(source, URL)).toBe(
      `model = "o3"\nmodel_provider = "farebox" # was openai\n\n[features]\nplugins = false\n\n${TABLE}`,
    );
  });

  it('with only tables, puts model_provider before the first table and the comments that head it', () => {
    const source = '# my codex\n\n# MCP\n[mcp_servers.x]\ncommand = "x"\n';
    expect(applyCodex(source, URL)).toBe(
      `# my codex\n\nmodel_provider = "farebox"\n\n# MCP\n[mcp_servers.x]\ncommand = "x"\n\n${TABLE}`,
    );
  });

  it('updates our keys in an existing farebox table, keeping its other keys and its place', () => {
    const source = [
      'model_provider = "farebox"',
      '',
      '[model_providers.farebox]',
      'name = "My proxy"',
      'base_url = "http://127.0.0.1:8080/v1" # old port',
      'request_max_retries = 2',
      '',
      '[features]',
      'plugins = false',
      '',
    ].join('\n');
    expect(applyCodex(source, URL)).toBe(
      [
        'model_provider = "farebox"',
        '',
        '[model_providers.farebox]',
        'name = "Farebox"',
        'base_url = "http://127.0.0.1:3273/v1" # old port',
        'request_max_retries = 2',
        'wire_api = "responses"',
        'env_key = "OPENAI_API_KEY"',
        'supports_websockets = false',
        '',
        '[features]',
        'plugins = false',
        '',
      ].join('\n'),
    );
  });

  it('is idempotent', () => {
    for (const source of [null, REALISTIC, 'model = "x"', '[a]\r\nb = 1\r\n']) {
      const once = applyCodex(source, URL);
      expect(applyCodex(once, URL)).toBe(once);
    }
  });

  it('keeps CRLF line breaks and adds a break to a last line without one', () => {
    expect(applyCodex('model = "o3"\r\n[a]\r\nb = 1', URL)).toBe(
      `model = "o3"\r\nmodel_provider = "farebox"\r\n[a]\r\nb = 1\r\n\r\n${TABLE.replace(/\n/g, '\r\n')}`,
    );
  });

  it('replaces a farebox provider written as dotted keys (it would clash with the table)', () => {
    const source =
      '[model_providers]\nfarebox.name = "old"\nfarebox.base_url = "http://x/v1"\nother.name = "o"\n';
    expect(applyCodex(source, URL)).toBe(
      `model_provider = "farebox"\n\n[model_providers]\nother.name = "o"\n\n${TABLE}`,
    );
  });

  it('refuses files it cannot edit safely', () => {
    expect(() => applyCodex('model = "unterminated\n', URL)).toThrow(/not valid TOML \(line 1/);
    expect(() => applyCodex('model_providers = { x = { name = "x" } }\n', URL)).toThrow(/inline table/);
    expect(() => applyCodex('[[model_providers.farebox]]\nname = "x"\n', URL)).toThrow(/array of tables/);
  });

  it('the snippet is the same settings', () => {
    expect(codexSnippet(URL)).toBe(`model_provider = "farebox"\n\n${TABLE}`);
  });
});

describe('revertCodex()', () => {
  it('takes out what apply added, keeping edits made since', () => {
    const applied = applyCodex(REALISTIC, URL);
    const edited = applied.replace('[features]\n', '[features]\nweb_search = true\n');
    expect(revertCodex(edited, REALISTIC)).toBe(
      REALISTIC.replace('[features]\n', '[features]\nweb_search = true\n'),
    );
  });

  it('removes the table Farebox added along with sub-tables added to it since', () => {
    const applied = applyCodex('model = "o3"\n', URL);
    const edited = `${applied}\n[model_providers.farebox.http_headers]\nX-Team = "a"\n`;
    expect(revertCodex(edited, 'model = "o3"\n')).toBe('model = "o3"\n');
  });

  it('restores the original model_provider value and the original values of a farebox table', () => {
    const original = [
      'model_provider = "azure" # mine',
      '[model_providers.farebox]',
      'name = "Old"',
      'base_url = "http://old/v1"',
      'request_max_retries = 2',
      '',
    ].join('\n');
    const applied = applyCodex(original, URL);
    const edited = applied.replace('request_max_retries = 2', 'request_max_retries = 5');
    expect(revertCodex(edited, original)).toBe(
      original.replace('request_max_retries = 2', 'request_max_retries = 5'),
    );
  });

  it('leaves a model_provider the user changed since alone', () => {
    const applied = applyCodex('model = "o3"\n', URL).replace(
      'model_provider = "farebox"',
      'model_provider = "x"',
    );
    expect(revertCodex(applied, 'model = "o3"\n')).toBe('model = "o3"\nmodel_provider = "x"\n');
  });
});
