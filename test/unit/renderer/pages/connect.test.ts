import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ToolConnection } from '../../../../shared/dashboard';
import { copyText } from '../../../../renderer/src/pages/connect/clipboard';
import {
  applyStateText,
  backupText,
  isConnectable,
  seenRecently,
  seenText,
  withSeen,
} from '../../../../renderer/src/pages/connect/connect-view';
import { createConnectStore } from '../../../../renderer/src/stores/connect-store';
import { fakeClient, record } from './fixtures';

function connection(overrides: Partial<ToolConnection> = {}): ToolConnection {
  return {
    tool: 'claude-code',
    title: 'Claude Code',
    snippet: 'export ANTHROPIC_BASE_URL=http://127.0.0.1:3273',
    configPath: '/home/u/.claude/settings.json',
    applied: false,
    canUndo: false,
    lastSeenAt: null,
    note: null,
    ...overrides,
  };
}

describe('connect view', () => {
  const now = Date.parse('2025-11-20T10:10:00.000Z');

  it('says when a tool was last seen', () => {
    expect(seenText(null, now)).toBe('No request seen from this tool yet');
    expect(seenText('2025-11-20T10:09:58.000Z', now)).toBe('Seen a request just now');
    expect(seenText('2025-11-20T10:05:00.000Z', now)).toBe('Seen a request 5m 00s ago');
    expect(seenRecently('2025-11-20T10:05:00.000Z', now)).toBe(true);
    expect(seenRecently('2025-11-20T09:00:00.000Z', now)).toBe(false);
  });

  it('moves lastSeenAt forward only, for the matching tool', () => {
    const tools = [
      connection(),
      connection({ tool: 'codex', title: 'Codex', lastSeenAt: '2025-11-20T10:00:00.000Z' }),
    ];
    const next = withSeen(tools, 'codex', '2025-11-20T10:05:00.000Z');
    expect(next[1]?.lastSeenAt).toBe('2025-11-20T10:05:00.000Z');
    expect(next[0]).toBe(tools[0]);
    expect(withSeen(next, 'codex', '2025-11-20T09:00:00.000Z')).toBe(next);
    expect(withSeen(next, 'aider', '2025-11-20T10:06:00.000Z')).toBe(next);
  });

  it('describes the apply and backup state', () => {
    expect(isConnectable('cursor')).toBe(false);
    expect(applyStateText(connection({ applied: true }))).toMatch(/^Connected/);
    expect(applyStateText(connection({ configPath: null }))).toMatch(/by hand/);
    expect(backupText(connection({ applied: true, canUndo: true }))).toMatch(/Undo restores/);
    expect(backupText(connection({ applied: true }))).toMatch(/not available/);
  });
});

describe('copyText', () => {
  it('uses the Clipboard API when it works', async () => {
    const writeText = vi.fn(async () => undefined);
    expect(await copyText('hi', { clipboard: { writeText }, document: null })).toBe(true);
    expect(writeText).toHaveBeenCalledWith('hi');
  });

  it('falls back to a hidden textarea when the Clipboard API is refused', async () => {
    const area = {
      value: '',
      style: {} as Record<string, string>,
      setAttribute: vi.fn(),
      select: vi.fn(),
      remove: vi.fn(),
    };
    const doc = {
      createElement: vi.fn(() => area),
      execCommand: vi.fn(() => true),
      body: { appendChild: vi.fn() },
    };
    const clipboard = { writeText: vi.fn(() => Promise.reject(new Error('not allowed'))) };
    expect(await copyText('snippet', { clipboard, document: doc as never })).toBe(true);
    expect(area.value).toBe('snippet');
    expect(doc.execCommand).toHaveBeenCalledWith('copy');
    expect(area.remove).toHaveBeenCalled();
    expect(await copyText('x', { clipboard: null, document: null })).toBe(false);
  });
});

describe('connect store', () => {
  afterEach(() => vi.useRealTimers());

  it('lists the tools and marks one seen as its requests arrive', async () => {
    vi.useFakeTimers();
    const { client, emit } = fakeClient({
      'connect:list': [
        connection(),
        connection({
          tool: 'cursor',
          title: 'Cursor',
          configPath: null,
          note: 'Cursor sends requests from its servers',
        }),
      ],
      'app:status': {
        version: '0.1.0',
        proxyUrl: 'http://127.0.0.1:3273',
        dataDir: '/d',
        configPath: '/c',
        priceDataVersion: 'v',
      },
    });
    const store = createConnectStore(client);
    const stop = store.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().tools).toHaveLength(2);
    expect(store.getState().proxyUrl).toBe('http://127.0.0.1:3273');
    emit('requests:recorded', record({ tool: 'claude-code', startedAt: '2025-11-20T10:00:00.000Z' }));
    expect(store.getState().tools[0]?.lastSeenAt).toBe('2025-11-20T10:00:00.000Z');
    stop();
  });

  it('applies and undoes, reporting the config path or the failure', async () => {
    const applied = connection({ applied: true, canUndo: true });
    const { client, calls } = fakeClient({
      'connect:list': [connection()],
      'app:status': () => Promise.reject(new Error('x')),
      'connect:apply': () => applied,
      'connect:undo': () => Promise.reject(new Error('backup missing')),
    });
    const store = createConnectStore(client);
    await store.getState().load();
    await store.getState().apply('claude-code');
    expect(calls('connect:apply')[0]).toEqual(['claude-code']);
    expect(store.getState().tools[0]).toBe(applied);
    expect(store.getState().messages['claude-code']?.text).toMatch(/settings\.json/);
    await store.getState().undo('claude-code');
    expect(store.getState().messages['claude-code']).toEqual({
      kind: 'error',
      text: 'Undo failed: backup missing',
    });
    expect(store.getState().busy).toEqual({});
  });
});
