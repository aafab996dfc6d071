import { describe, expect, it, vi } from 'vitest';
import { createNotifier } from '../../../electron/main/notifier';
import { FakeNotification } from './fake-electron';

function notifier() {
  FakeNotification.instances = [];
  FakeNotification.supported = true;
  const openDashboard = vi.fn();
  const notify = createNotifier(
    { isSupported: () => FakeNotification.isSupported(), create: (options) => new FakeNotification(options) },
    openDashboard,
  );
  return { notify, openDashboard };
}

describe('createNotifier', () => {
  it('shows a notification whose click opens the dashboard', () => {
    const { notify, openDashboard } = notifier();
    notify({ title: 'T', body: 'B', urgency: 'critical' });
    const [shown] = FakeNotification.instances;
    expect(shown?.options).toEqual({ title: 'T', body: 'B', urgency: 'critical' });
    expect(shown?.show).toHaveBeenCalled();
    shown?.emit('click');
    expect(openDashboard).toHaveBeenCalledTimes(1);
  });

  it('does nothing where the system has no notifications', () => {
    const { notify } = notifier();
    FakeNotification.supported = false;
    notify({ title: 'T', body: 'B' });
    expect(FakeNotification.instances).toHaveLength(0);
  });
});
