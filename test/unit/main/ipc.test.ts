import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type Channel, type Handlers } from '../../../shared/contract';
import { isAppPageUrl, resolveAppPage, type AppPage } from '../../../electron/main/app-page';
import { createHandlers } from '../../../electron/core/contract/handlers';
import {
  forwardCoreEvents,
  invokeHandler,
  registerIpcHandlers,
  sendEvent,
  thresholdCrossed,
} from '../../../electron/main/ipc';
import { FakeIpcMain, FakeWebContents } from './fake-electron';
import { budgetAlert, fakeCore, MONTH, record, STATUS, type FakeCore } from './fake-core';

const page: AppPage = { kind: 'file', path: '/app/out/renderer/index.html' };
const pageUrl = pathToFileURL(page.path).href;

// A compile-time check: if the contract gains a channel that CHANNELS forgets, this assignment fails.
const everyChannel: Record<Channel, true> = {
  'app:status': true,
  'stats:month': true,
  'requests:recent': true,
  'rules:get': true,
  'rules:set': true,
  'rules:validate': true,
  'rules:dry-run': true,
  'stats:series': true,
  'stats:substitution': true,
  'requests:query': true,
  'requests:get': true,
  'budgets:status': true,
  'budgets:get': true,
  'budgets:set': true,
  'connect:list': true,
  'connect:apply': true,
  'connect:undo': true,
  'providers:list': true,
  'providers:test': true,
  'settings:get': true,
  'settings:set': true,
  'tasks:list': true,
  'tasks:outcome': true,
  'pools:report': true,
};

describe('IPC handlers', () => {
  let core: FakeCore;
  let ipc: FakeIpcMain;

  beforeEach(() => {
    core = fakeCore();
    ipc = new FakeIpcMain();
    registerIpcHandlers(ipc, createHandlers(core), (url) => isAppPageUrl(url, page));
  });

  it('registers exactly one handler per contract channel', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect([...CHANNELS].sort()).toEqual(Object.keys(everyChannel).sort());
    expect(Object.keys(createHandlers(core)).sort()).toEqual([...CHANNELS].sort());
  });

  it('returns a ContractResult from every channel', async () => {
    const sampleArgs: Partial<Record<Channel, unknown[]>> = {
      'rules:set': [{ rules: [] }],
      'rules:validate': [{ rules: [] }],
      'rules:dry-run': [{ body: { model: 'claude-sonnet-4-5', messages: [] } }],
      'stats:series': [
        { from: '2026-11-01T00:00:00Z', until: '2026-11-02T00:00:00Z', bucket: 'hour', groupBy: 'model' },
      ],
      'stats:substitution': [{ from: '2026-11-01T00:00:00Z', until: '2026-11-02T00:00:00Z' }],
      'requests:query': [{ limit: 10 }],
      'requests:get': ['r1'],
      'budgets:set': [[]],
      'tasks:outcome': ['task-1', 'resolved'],
      'providers:test': ['openai'],
    };
    // Commands with side effects on the user's files are exercised by their own tests.
    const skipped = new Set<Channel>(['connect:apply', 'connect:undo', 'tasks:list']);
    for (const channel of CHANNELS.filter((c) => !skipped.has(c))) {
      const result = await ipc.invokeFrom(pageUrl, channel, ...(sampleArgs[channel] ?? []));
      expect(result, channel).toMatchObject({ ok: true });
      expect(result).toHaveProperty('data');
    }
    await expect(ipc.invokeFrom(pageUrl, 'app:status')).resolves.toEqual({ ok: true, data: STATUS });
    await expect(ipc.invokeFrom(pageUrl, 'stats:month', '2025-10')).resolves.toEqual({
      ok: true,
      data: { ...MONTH, month: '2025-10' },
    });
    await expect(ipc.invokeFrom(pageUrl, 'requests:recent', 1)).resolves.toEqual({
      ok: true,
      data: [record()],
    });
    expect(core.recentRequests).toHaveBeenCalledWith(1);
  });

  it('turns thrown errors into error results with a code', async () => {
    core.status = () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    core.monthStats = () => {
      throw new Error('boom');
    };
    await expect(ipc.invokeFrom(pageUrl, 'app:status')).resolves.toEqual({
      ok: false,
      error: { code: 'SQLITE_BUSY', message: 'database is locked' },
    });
    await expect(ipc.invokeFrom(pageUrl, 'stats:month')).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('rejects malformed arguments before they reach the core', async () => {
    for (const [channel, arg] of [
      ['stats:month', '2025-13'],
      ['stats:month', 202511],
      ['requests:recent', -1],
      ['requests:recent', 1.5],
      ['requests:recent', 10_000],
      ['requests:recent', '20'],
    ] as const) {
      const result = await ipc.invokeFrom(pageUrl, channel, arg);
      expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(core.monthStats).not.toHaveBeenCalled();
    expect(core.recentRequests).not.toHaveBeenCalled();
  });

  it('rejects senders whose frame is not the app page', async () => {
    for (const url of [
      'https://evil.example/',
      'file:///tmp/other.html',
      'file:///app/out/renderer/index.html.evil',
      'devtools://devtools/bundled/inspector.html',
      'not a url',
      '',
      null,
    ]) {
      const result = await ipc.invokeFrom(url, 'app:status');
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(core.status).not.toHaveBeenCalled();
  });

  it('accepts the app page whatever its hash or query', async () => {
    await expect(ipc.invokeFrom(`${pageUrl}#/requests`, 'app:status')).resolves.toMatchObject({ ok: true });
    await expect(ipc.invokeFrom(`${pageUrl}?x=1`, 'app:status')).resolves.toMatchObject({ ok: true });
  });

  it('removes its handlers on dispose', () => {
    const other = new FakeIpcMain();
    const dispose = registerIpcHandlers(other, createHandlers(core), () => true);
    dispose();
    expect(other.handlers.size).toBe(0);
  });
});

describe('invokeHandler', () => {
  it('awaits async handlers', async () => {
    const handlers = {
      'app:status': () => Promise.resolve(STATUS),
      'stats:month': () => Promise.reject(new Error('later')),
      'requests:recent': () => [],
      'rules:get': () => ({ inForce: { aliases: {}, rules: [] }, problems: [] }),
      'rules:set': () => ({ saved: true, problems: [] }),
      'rules:validate': () => [],
      'rules:dry-run': () => {
        throw new Error('unused');
      },
    } as Partial<Handlers> as Handlers;
    await expect(invokeHandler(handlers, 'app:status', [])).resolves.toEqual({ ok: true, data: STATUS });
    await expect(invokeHandler(handlers, 'stats:month', [])).resolves.toMatchObject({
      ok: false,
      error: { message: 'later' },
    });
  });
});

describe('app page', () => {
  it('trusts only the dev server origin in development', () => {
    const dev = resolveAppPage({
      isPackaged: false,
      mainDir: '/app/out/main',
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
    });
    expect(dev).toEqual({ kind: 'dev-server', url: 'http://localhost:5173' });
    expect(isAppPageUrl('http://localhost:5173/#/x', dev)).toBe(true);
    expect(isAppPageUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppPageUrl('http://127.0.0.1:5173/', dev)).toBe(false);
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    const packaged = resolveAppPage({
      isPackaged: true,
      mainDir: '/app/out/main',
      env: { ELECTRON_RENDERER_URL: 'https://evil.example' },
    });
    expect(packaged).toEqual({ kind: 'file', path: '/app/out/renderer/index.html' });
  });
});

describe('sendEvent', () => {
  it('sends to live contents and skips destroyed or missing ones', () => {
    const contents = new FakeWebContents();
    sendEvent(contents, 'requests:recorded', record());
    expect(contents.send).toHaveBeenCalledWith('requests:recorded', record());
    contents.destroyed = true;
    sendEvent(contents, 'requests:recorded', record());
    expect(contents.send).toHaveBeenCalledTimes(1);
    expect(() => sendEvent(null, 'requests:recorded', record())).not.toThrow();
  });
});

describe('forwardCoreEvents', () => {
  it('pushes recorded requests and crossed budget thresholds to the current page until stopped', () => {
    const core = fakeCore();
    let contents: FakeWebContents | null = null;
    const stop = forwardCoreEvents(core, () => contents);
    core.emitRecorded(record());
    contents = new FakeWebContents();
    core.emitRecorded(record({ id: 'r2' }));
    core.emitBudgetAlert(budgetAlert({ percent: 100, action: 'block', spentUsd: 50.5 }));
    expect(contents.send.mock.calls).toEqual([
      ['requests:recorded', record({ id: 'r2' })],
      [
        'budget:threshold-crossed',
        {
          budgetId: 'monthly',
          name: 'Monthly',
          percent: 100,
          action: 'block',
          spentUsd: 50.5,
          amountUsd: 50,
          resetsAt: '2025-12-01T00:00:00.000Z',
        },
      ],
    ]);
    stop();
    core.emitRecorded(record({ id: 'r3' }));
    core.emitBudgetAlert(budgetAlert());
    expect(contents.send).toHaveBeenCalledTimes(2);
  });

  it('maps an alert to the contract payload the HTTP event stream also sends', () => {
    expect(thresholdCrossed(budgetAlert())).not.toHaveProperty('periodStart');
  });
});

describe('rules channels', () => {
  it('check what another process sends before it reaches the core', async () => {
    const core = fakeCore();
    const handlers = createHandlers(core);
    await expect(invokeHandler(handlers, 'rules:set', ['nope' as never])).resolves.toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    await expect(invokeHandler(handlers, 'rules:dry-run', [{ body: [] } as never])).resolves.toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    await expect(
      invokeHandler(handlers, 'rules:dry-run', [{ body: {}, dialect: 'klingon' } as never]),
    ).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await expect(invokeHandler(handlers, 'rules:set', [{ rules: [] }])).resolves.toEqual({
      ok: true,
      data: { saved: true, problems: [] },
    });
    expect(core.setRouting).toHaveBeenCalledWith({ aliases: undefined, rules: [] });
  });

  it('report a rule set the core refused, with its problems', async () => {
    const core = fakeCore();
    vi.mocked(core.setRouting).mockReturnValue({ ok: false, problems: ['rules[0]: then: bad'] });
    await expect(invokeHandler(createHandlers(core), 'rules:set', [{ rules: [{}] }])).resolves.toEqual({
      ok: true,
      data: { saved: false, problems: ['rules[0]: then: bad'] },
    });
  });
});
