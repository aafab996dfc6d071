import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeyVault, KEY_VAULT_FILE, keyEnvName, KeyVaultError } from '../../../electron/main/key-vault';
import { parseConfig } from '../../../electron/core/config/load-config';
import { FakeSafeStorage } from './fake-electron';

const SECRET = 'sk-ant-api03-very-secret-key';

describe('key vault', () => {
  let dir: string;
  let file: string;
  let safeStorage: FakeSafeStorage;
  let log: ReturnType<typeof vi.fn<(line: string) => void>>;

  const vault = (platform: NodeJS.Platform = 'linux') => createKeyVault({ file, safeStorage, platform, log });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'farebox-keys-'));
    file = join(dir, KEY_VAULT_FILE);
    safeStorage = new FakeSafeStorage();
    log = vi.fn<(line: string) => void>();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores keys encrypted, never in the clear, in a file only the user can read', () => {
    vault().set('anthropic', `  ${SECRET}\n`);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('very-secret');
    expect(safeStorage.encryptString).toHaveBeenCalledWith(SECRET);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('lists provider ids only, and gives the keys back as FAREBOX_KEY_ variables', () => {
    const keys = vault();
    keys.set('openai', 'sk-openai');
    keys.set('azure-eu.prod', 'az-key');
    keys.set('anthropic', SECRET);
    expect(keys.list()).toEqual(['anthropic', 'azure-eu.prod', 'openai']);
    expect(vault().envFor()).toEqual({
      FAREBOX_KEY_ANTHROPIC: SECRET,
      FAREBOX_KEY_AZURE_EU_PROD: 'az-key',
      FAREBOX_KEY_OPENAI: 'sk-openai',
    });
  });

  it('replaces and removes keys', () => {
    const keys = vault();
    keys.set('openai', 'old');
    keys.set('openai', 'new');
    expect(keys.envFor()).toEqual({ FAREBOX_KEY_OPENAI: 'new' });
    expect(keys.remove('openai')).toBe(true);
    expect(keys.remove('openai')).toBe(false);
    expect(keys.list()).toEqual([]);
    expect(keys.envFor()).toEqual({});
  });

  it('refuses to store a key when encryption is unavailable, saying what to do instead', () => {
    safeStorage.available = false;
    const attempt = () => vault().set('openai', 'sk-openai');
    expect(attempt).toThrow(KeyVaultError);
    expect(attempt).toThrow(/no OS keyring.*unencrypted.*env:NAME/);
    expect(() => readFileSync(file)).toThrow();
    try {
      attempt();
    } catch (error) {
      expect((error as KeyVaultError).code).toBe('encryption_unavailable');
    }
  });

  it("refuses Linux's fixed-password fallback, which is no better than plain text", () => {
    safeStorage.backend = 'basic_text';
    expect(() => vault('linux').set('openai', 'sk-openai')).toThrow(/no OS keyring .* is running/);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    // getSelectedStorageBackend is Linux-only.
    vault('darwin').set('openai', 'sk-openai');
    expect(vault('darwin').list()).toEqual(['openai']);
  });

  it('rejects bad provider ids and keys', () => {
    const keys = vault();
    for (const id of ['', 'OpenAI', '-x', 'a b', '../x', '__proto__']) {
      expect(() => keys.set(id, 'k'), id).toThrow(expect.objectContaining({ code: 'invalid_provider' }));
    }
    for (const key of ['', '   ', 'a\nb', 'x'.repeat(5000)]) {
      expect(() => keys.set('openai', key)).toThrow(expect.objectContaining({ code: 'invalid_key' }));
    }
  });

  it('refuses two providers that would share one variable name', () => {
    const keys = vault();
    keys.set('my-llm', 'a');
    expect(() => keys.set('my_llm', 'b')).toThrow(expect.objectContaining({ code: 'env_name_taken' }));
    expect(keys.envFor()).toEqual({ FAREBOX_KEY_MY_LLM: 'a' });
  });

  it('skips keys that no longer decrypt and a vault that cannot be read, logging without the key', () => {
    const keys = vault();
    keys.set('openai', 'sk-openai');
    keys.set('anthropic', SECRET);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { keys: Record<string, { encrypted: string }> };
    const anthropic = stored.keys['anthropic'];
    if (!anthropic) throw new Error('missing entry');
    anthropic.encrypted = Buffer.from('garbage').toString('base64');
    writeFileSync(file, JSON.stringify(stored));
    expect(keys.envFor()).toEqual({ FAREBOX_KEY_OPENAI: 'sk-openai' });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('anthropic cannot be decrypted'));

    safeStorage.available = false;
    expect(keys.envFor()).toEqual({});
    writeFileSync(file, '{ nope');
    expect(keys.envFor()).toEqual({});
    expect(() => keys.list()).toThrow(expect.objectContaining({ code: 'unreadable' }));
    expect(() => keys.set('openai', 'x')).toThrow();
    for (const [line] of log.mock.calls) expect(line).not.toContain('sk-');
  });

  it('feeds config’s "env:FAREBOX_KEY_…" keys', () => {
    vault().set('anthropic', SECRET);
    expect(keyEnvName('anthropic')).toBe('FAREBOX_KEY_ANTHROPIC');
    const config = parseConfig(
      {
        providers: [
          {
            id: 'anthropic',
            dialect: 'anthropic',
            baseUrl: 'https://api.anthropic.com',
            apiKey: 'env:FAREBOX_KEY_ANTHROPIC',
          },
        ],
      },
      null,
      vault().envFor(),
    );
    expect(config.providers[0]?.apiKey).toBe(SECRET);
  });
});
