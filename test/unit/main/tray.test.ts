import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppTray, IDLE_REFRESH_MS, REFRESH_INTERVAL_MS } from '../../../electron/main/tray';
import type { LaunchAtLogin } from '../../../electron/main/login-item';
import type { RoutingPause } from '../../../electron/main/routing-pause';
import { FakeMenu, FakeTray } from './fake-electron';
import { budgetAlert, budgetStatus, fakeCore, record, type FakeCore } from './fake-core';

function setup(options: { pause?: RoutingPause | null; openOnClick?: boolean } = {}) {
  const core = fakeCore();
  const tray = new FakeTray(null);
  let loginEnabled = false;
  const launchAtLogin: LaunchAtLogin = {
    enabled: vi.fn(() => loginEnabled),
    setEnabled: vi.fn((enabled: boolean) => {
      loginEnabled = enabled;
    }),
  };
  const deps = {
    tray,
    buildMenu: (template: ConstructorParameters<typeof FakeMenu>[0]) => new FakeMenu(template),
    core,
    openDashboard: vi.fn(),
    quit: vi.fn(),
    launchAtLogin,
    routingPause: options.pause ?? null,
    openOnClick: options.openOnClick ?? true,
    onError: vi.fn(),
  };
  const appTray = createAppTray(deps);
  return { core, tray, deps, appTray, launchAtLogin };
}

function pausable(initial = false) {
  let paused = initial;
  return {
    paused: vi.fn(() => paused),
    setPaused: vi.fn((next: boolean) => {
      paused = next;
    }),
  };
}

const monthCalls = (core: FakeCore) => vi.mocked(core.monthStats).mock.calls.length;

describe('tray', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows month-to-date spend and the worst budget at once', () => {
    const core = fakeCore();
    vi.mocked(core.budgets).mockReturnValue([
      budgetStatus({
        percentUsed: 92,
        thresholds: [
          { percent: 80, action: 'notify', reached: true },
          { percent: 100, action: 'block', reached: false },
        ],
      }),
    ]);
    const tray = new FakeTray(null);
    createAppTray({
      tray,
      buildMenu: (template) => new FakeMenu(template),
      core,
      openDashboard: vi.fn(),
      quit: vi.fn(),
      launchAtLogin: { enabled: () => false, setEnabled: vi.fn() },
      routingPause: null,
      openOnClick: false,
      onError: vi.fn(),
    });
    expect(tray.title).toBe('$1.25 ⚠ 92%');
    expect(tray.tooltip).toContain('⚠ 92% of Monthly $50');
    expect(tray.currentMenu().labels()).toEqual([
      '$1.25 this month (+1 unpriced request)',
      '⚠ 92% of Monthly $50',
      'Open dashboard',
      'Launch at login',
      'Quit Farebox',
    ]);
    expect(tray.currentMenu().item('$1.25 this month (+1 unpriced request)').enabled).toBe(false);
  });

  it('refreshes on recorded requests at most once a second, and always catches up', () => {
    const { core, tray } = setup();
    expect(monthCalls(core)).toBe(1);

    vi.advanceTimersByTime(REFRESH_INTERVAL_MS);
    core.emitRecorded(record());
    // Never inside the core's own call: the refresh queries it.
    expect(monthCalls(core)).toBe(1);
    vi.advanceTimersByTime(0);
    expect(monthCalls(core)).toBe(2);

    vi.mocked(core.monthStats).mockReturnValue({ ...core.monthStats(), totalUsd: 3.5 });
    const before = monthCalls(core);
    for (let i = 0; i < 50; i++) core.emitRecorded(record({ id: `r${i}` }));
    expect(monthCalls(core)).toBe(before);
    vi.advanceTimersByTime(REFRESH_INTERVAL_MS - 1);
    expect(monthCalls(core)).toBe(before);
    vi.advanceTimersByTime(1);
    expect(monthCalls(core)).toBe(before + 1);
    expect(tray.title).toBe('$3.50');
  });

  it('refreshes on budget alerts and, without traffic, every minute', () => {
    const { core } = setup();
    vi.advanceTimersByTime(REFRESH_INTERVAL_MS);
    core.emitBudgetAlert(budgetAlert());
    vi.advanceTimersByTime(0);
    expect(monthCalls(core)).toBe(2);
    vi.advanceTimersByTime(IDLE_REFRESH_MS);
    expect(monthCalls(core)).toBe(3);
  });

  it('opens the dashboard from the menu and, where platforms do that, on a click', () => {
    const { tray, deps } = setup();
    tray.currentMenu().click('Open dashboard');
    expect(deps.openDashboard).toHaveBeenCalledTimes(1);
    tray.emit('click');
    expect(deps.openDashboard).toHaveBeenCalledTimes(2);

    const mac = setup({ openOnClick: false });
    mac.tray.emit('click');
    expect(mac.deps.openDashboard).not.toHaveBeenCalled();
  });

  it('quits from the menu', () => {
    const { tray, deps } = setup();
    tray.currentMenu().click('Quit Farebox');
    expect(deps.quit).toHaveBeenCalled();
  });

  it('pauses and resumes routing through the injected RoutingPause', () => {
    const pause = pausable();
    const { tray } = setup({ pause });
    tray.currentMenu().click('Pause routing');
    expect(pause.setPaused).toHaveBeenCalledWith(true);
    expect(tray.title).toBe('$1.25 ⏸');
    expect(tray.currentMenu().labels()).toContain('Routing paused: requests go straight to their provider');
    tray.currentMenu().click('Resume routing');
    expect(pause.setPaused).toHaveBeenLastCalledWith(false);
    expect(tray.currentMenu().labels()).toContain('Pause routing');
    expect(tray.title).toBe('$1.25');
  });

  it('leaves the pause item out while the core cannot pause', () => {
    const { tray } = setup({ pause: null });
    const labels = tray.currentMenu().labels();
    expect(labels).not.toContain('Pause routing');
    expect(labels).not.toContain('Resume routing');
  });

  it('toggles launch at login with a checkbox that shows the real setting', () => {
    const { tray, launchAtLogin } = setup();
    expect(tray.currentMenu().item('Launch at login')).toMatchObject({ type: 'checkbox', checked: false });
    tray.currentMenu().click('Launch at login');
    expect(launchAtLogin.setEnabled).toHaveBeenCalledWith(true);
    expect(tray.currentMenu().item('Launch at login').checked).toBe(true);
    tray.currentMenu().click('Launch at login');
    expect(launchAtLogin.setEnabled).toHaveBeenLastCalledWith(false);
    expect(tray.currentMenu().item('Launch at login').checked).toBe(false);
  });

  it('reports a failed toggle and shows the setting as it really is', () => {
    const { tray, launchAtLogin, deps } = setup();
    vi.mocked(launchAtLogin.setEnabled).mockImplementation(() => {
      throw new Error('EACCES');
    });
    tray.currentMenu().click('Launch at login');
    expect(deps.onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'EACCES' }));
    expect(tray.currentMenu().item('Launch at login').checked).toBe(false);
  });

  it('shows a placeholder when the core cannot answer', () => {
    const { core, tray, deps, appTray } = setup();
    vi.mocked(core.monthStats).mockImplementation(() => {
      throw new Error('Farebox core is not started');
    });
    appTray.refresh();
    expect(deps.onError).toHaveBeenCalled();
    expect(tray.tooltip).toBe('Farebox');
    expect(tray.currentMenu().labels()).toContain('Open dashboard');
  });

  it('stops listening and removes the icon on dispose', () => {
    const { core, tray, appTray } = setup();
    core.emitRecorded(record());
    appTray.dispose();
    expect(tray.destroy).toHaveBeenCalledTimes(1);
    const calls = monthCalls(core);
    core.emitRecorded(record());
    core.emitBudgetAlert(budgetAlert());
    vi.advanceTimersByTime(IDLE_REFRESH_MS * 2);
    expect(monthCalls(core)).toBe(calls);
    appTray.dispose();
    expect(tray.destroy).toHaveBeenCalledTimes(1);
  });
});
