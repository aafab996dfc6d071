import { describe, expect, it } from 'vitest';
import type { AppSettings } from '../../../../shared/dashboard';
import { retentionText, settingRows } from '../../../../renderer/src/pages/settings/settings-view';
import {
  createProvidersStore,
  keyCountText,
  testSummary,
} from '../../../../renderer/src/stores/providers-store';
import { createSettingsStore } from '../../../../renderer/src/stores/settings-store';
import { deferred, fakeClient } from './fixtures';

const settings: AppSettings = {
  port: 3273,
  host: '127.0.0.1',
  dataDir: '/home/u/.farebox',
  configPath: '/home/u/.farebox/config.json',
  retentionDays: 0,
  storePrompts: false,
  priceDataVersion: 'genai-prices@0.1.8',
};

describe('providers store', () => {
  it('lists providers and tests one, keeping the result per provider', async () => {
    const answer = deferred<{
      ok: boolean;
      status: number | null;
      latencyMs: number | null;
      message: string;
    }>();
    const { client, calls } = fakeClient({
      'providers:list': [
        {
          id: 'anthropic',
          dialect: 'anthropic',
          baseUrl: 'https://api.anthropic.com',
          keyCount: 2,
          isDefaultFor: ['anthropic'],
        },
      ],
      'app:status': {
        version: '1',
        proxyUrl: null,
        dataDir: '/d',
        configPath: '/c.json',
        priceDataVersion: 'v',
      },
      'providers:test': () => answer.promise,
    });
    const store = createProvidersStore(client, { now: () => 0 });
    await store.getState().load();
    expect(store.getState()).toMatchObject({ loading: false, configPath: '/c.json' });
    const testing = store.getState().test('anthropic');
    expect(store.getState().tests.anthropic?.running).toBe(true);
    void store.getState().test('anthropic');
    expect(calls('providers:test')).toHaveLength(1);
    answer.resolve({ ok: false, status: 401, latencyMs: 120.4, message: 'invalid x-api-key' });
    await testing;
    expect(store.getState().tests.anthropic).toEqual({
      running: false,
      result: { ok: false, status: 401, latencyMs: 120.4, message: 'invalid x-api-key' },
      error: null,
      at: '1970-01-01T00:00:00.000Z',
    });
    expect(testSummary(store.getState().tests.anthropic!.result!)).toBe('Failed · HTTP 401 · 120 ms');
  });

  it('keeps a failed call apart from a failed connection', async () => {
    const { client } = fakeClient({
      'providers:list': [],
      'app:status': settings as never,
      'providers:test': () => Promise.reject(new Error('core gone')),
    });
    const store = createProvidersStore(client);
    await store.getState().test('x');
    expect(store.getState().tests.x).toMatchObject({ running: false, result: null, error: 'core gone' });
  });

  it('says what the key count means', () => {
    expect(keyCountText(0)).toMatch(/key your tool sends/);
    expect(keyCountText(1)).toBe('1 key configured');
    expect(keyCountText(3)).toMatch(/^3 keys configured, used in turn/);
  });
});

describe('settings', () => {
  it('shows every setting read-only with how to change it', () => {
    const rows = settingRows(settings, null);
    expect(rows.map((r) => r.id)).toEqual([
      'proxy',
      'port',
      'dataDir',
      'configPath',
      'retention',
      'prompts',
      'prices',
    ]);
    expect(rows[0]?.value).toBe('http://127.0.0.1:3273');
    expect(rows.find((r) => r.id === 'prompts')?.value).toMatch(/^Off/);
    expect(rows.every((r) => r.change.length > 0)).toBe(true);
    expect(retentionText(30)).toBe('Delete requests older than 30 days');
    expect(retentionText(0)).toBe('Keep every request');
  });

  it('loads settings and the status, and reports a failure', async () => {
    const ok = fakeClient({
      'settings:get': settings,
      'app:status': () => Promise.reject(new Error('later')),
    });
    const store = createSettingsStore(ok.client);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ settings, status: null, error: null, loading: false });
    const bad = fakeClient({
      'settings:get': () => Promise.reject(new Error('down')),
      'app:status': () => Promise.reject(new Error('down')),
    });
    const failing = createSettingsStore(bad.client);
    await failing.getState().load();
    expect(failing.getState()).toMatchObject({ settings: null, error: 'down' });
  });
});

describe('retention input', () => {
  it('accepts whole days (0 keeps everything) and refuses anything else', async () => {
    const { parseRetentionDays } = await import('../../../../renderer/src/stores/settings-store');
    expect(parseRetentionDays(' 30 ')).toBe(30);
    expect(parseRetentionDays('0')).toBe(0);
    for (const bad of ['', '-1', '1.5', 'ten', '99999999']) expect(parseRetentionDays(bad)).toBeNull();
  });
});
