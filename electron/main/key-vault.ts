import type { SafeStorage } from 'electron';
import { readJsonFile, writeJsonFile } from './json-file';

export const KEY_VAULT_FILE = 'provider-keys.json';
export const KEY_ENV_PREFIX = 'FAREBOX_KEY_';
/** The config schema's provider id. */
const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]*$/;
const KEY_MAX_LENGTH = 4096;

export type KeyVaultErrorCode =
  'encryption_unavailable' | 'invalid_provider' | 'invalid_key' | 'env_name_taken' | 'unreadable';

export class KeyVaultError extends Error {
  constructor(
    readonly code: KeyVaultErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyVaultError';
  }
}

export type SafeStorageApi = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

export interface KeyVaultOptions {
  /** <userData>/provider-keys.json */
  file: string;
  safeStorage: SafeStorageApi;
  platform: NodeJS.Platform;
  /** Diagnostics; never given a key. */
  log(line: string): void;
}

/** Provider API keys, encrypted by the OS keychain through Electron's safeStorage; never written in the clear. */
export interface KeyVault {
  /** Encrypts and stores a key, replacing the provider's previous one. Throws KeyVaultError. */
  set(providerId: string, key: string): void;
  /** False when there was no key for the provider. */
  remove(providerId: string): boolean;
  /** Provider ids with a stored key, sorted. */
  list(): string[];
  /** FAREBOX_KEY_<PROVIDER> → key for every key that decrypts, for config's `apiKey: "env:FAREBOX_KEY_…"`. */
  envFor(): Record<string, string>;
}

interface StoredKey {
  /** safeStorage ciphertext, base64. */
  encrypted: string;
  savedAt: string;
}

/** FAREBOX_KEY_ plus the id upper-cased, with "." and "-" as "_": "azure-eu" → FAREBOX_KEY_AZURE_EU. */
export function keyEnvName(providerId: string): string {
  return KEY_ENV_PREFIX + providerId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

function parseStore(raw: unknown, file: string): Map<string, StoredKey> {
  const keys = new Map<string, StoredKey>();
  if (raw === undefined) return keys;
  const entries =
    typeof raw === 'object' && raw !== null && 'keys' in raw && typeof raw.keys === 'object' && raw.keys
      ? Object.entries(raw.keys)
      : null;
  if (!entries) throw new KeyVaultError('unreadable', `${file} is not a Farebox key file`);
  for (const [id, value] of entries) {
    const entry = value as Partial<StoredKey> | null;
    if (!PROVIDER_ID.test(id) || typeof entry?.encrypted !== 'string') {
      throw new KeyVaultError('unreadable', `${file}: the entry for "${id}" is malformed`);
    }
    keys.set(id, { encrypted: entry.encrypted, savedAt: String(entry.savedAt ?? '') });
  }
  return keys;
}

export function createKeyVault(options: KeyVaultOptions): KeyVault {
  const { file, safeStorage } = options;

  const read = (): Map<string, StoredKey> => {
    let raw: unknown;
    try {
      raw = readJsonFile(file);
    } catch (error) {
      throw new KeyVaultError('unreadable', `${file} cannot be read: ${(error as Error).message}`);
    }
    return parseStore(raw, file);
  };
  const write = (keys: Map<string, StoredKey>): void => {
    writeJsonFile(
      file,
      { version: 1, keys: Object.fromEntries([...keys].sort(([a], [b]) => a.localeCompare(b))) },
      0o600,
    );
  };

  /** Why keys cannot be encrypted here, or null when they can. */
  const unavailable = (): string | null => {
    if (!safeStorage.isEncryptionAvailable()) {
      return options.platform === 'linux'
        ? 'no OS keyring (GNOME Keyring or KWallet) is available'
        : 'the OS keychain is not available';
    }
    // Without a keyring Chromium encrypts with a fixed, public password: as good as plain text.
    if (options.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return 'no OS keyring (GNOME Keyring or KWallet) is running';
    }
    return null;
  };

  const checkProvider = (providerId: string): void => {
    if (typeof providerId !== 'string' || !PROVIDER_ID.test(providerId)) {
      throw new KeyVaultError(
        'invalid_provider',
        `"${String(providerId)}" is not a provider id (lowercase letters, digits, ".", "_" or "-")`,
      );
    }
  };

  return {
    set(providerId, key) {
      checkProvider(providerId);
      const value = typeof key === 'string' ? key.trim() : '';
      // eslint-disable-next-line no-control-regex
      if (value.length === 0 || value.length > KEY_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) {
        throw new KeyVaultError(
          'invalid_key',
          `The key for ${providerId} is empty or not a single line of text`,
        );
      }
      const reason = unavailable();
      if (reason) {
        throw new KeyVaultError(
          'encryption_unavailable',
          `Farebox will not store the key for ${providerId}: ${reason}, so it could only be saved unencrypted. ` +
            `Set it in an environment variable instead and use "env:NAME" as the provider's apiKey in config.json.`,
        );
      }
      const keys = read();
      const envName = keyEnvName(providerId);
      const clash = [...keys.keys()].find((id) => id !== providerId && keyEnvName(id) === envName);
      if (clash) {
        throw new KeyVaultError(
          'env_name_taken',
          `The key for ${clash} already uses ${envName}; remove it first or rename one provider`,
        );
      }
      const encrypted = safeStorage.encryptString(value).toString('base64');
      keys.set(providerId, { encrypted, savedAt: new Date().toISOString() });
      write(keys);
    },

    remove(providerId) {
      checkProvider(providerId);
      const keys = read();
      if (!keys.delete(providerId)) return false;
      write(keys);
      return true;
    },

    list() {
      return [...read().keys()].sort();
    },

    envFor() {
      let keys: Map<string, StoredKey>;
      try {
        keys = read();
      } catch (error) {
        options.log(`provider keys not loaded: ${(error as Error).message}`);
        return {};
      }
      if (keys.size === 0) return {};
      if (!safeStorage.isEncryptionAvailable()) {
        options.log(`${keys.size} stored provider key(s) not loaded: the OS keyring is not available`);
        return {};
      }
      const env: Record<string, string> = {};
      for (const [id, entry] of keys) {
        try {
          env[keyEnvName(id)] = safeStorage.decryptString(Buffer.from(entry.encrypted, 'base64'));
        } catch {
          options.log(
            `the stored key for ${id} cannot be decrypted (was the OS keyring reset?); set it again`,
          );
        }
      }
      return env;
    },
  };
}
