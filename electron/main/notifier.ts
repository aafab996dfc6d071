import type { NotificationConstructorOptions } from 'electron';

/** The part of an Electron Notification this needs. */
export interface NotificationHandle {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export interface NotificationApi {
  isSupported(): boolean;
  create(options: NotificationConstructorOptions): NotificationHandle;
}

export interface DesktopNotice {
  title: string;
  body: string;
  /** Linux only: critical notices stay until dismissed. */
  urgency?: 'normal' | 'critical';
}

export type Notify = (notice: DesktopNotice) => void;

/** More than enough for notices still on screen; an old one losing its click handler is harmless. */
const HELD_LIMIT = 20;

/**
 * Shows a notice whose click opens the dashboard. A Notification that is garbage collected loses its click
 * handler while still on screen, so shown ones are held until clicked or closed.
 */
export function createNotifier(api: NotificationApi, openDashboard: () => void): Notify {
  const held = new Set<NotificationHandle>();
  return (notice) => {
    if (!api.isSupported()) return;
    const notification = api.create({
      title: notice.title,
      body: notice.body,
      ...(notice.urgency ? { urgency: notice.urgency } : {}),
    });
    const release = () => held.delete(notification);
    notification.on('click', () => {
      release();
      openDashboard();
    });
    notification.on('close', release);
    held.add(notification);
    if (held.size > HELD_LIMIT) {
      const oldest = held.values().next().value;
      if (oldest) held.delete(oldest);
    }
    notification.show();
  };
}
