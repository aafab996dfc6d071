import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { CHANNELS, type EventName, type Events, type Handlers } from '../../shared/contract';
import { thresholdCrossed } from '../core/budgets/budget-ledger';
import { invokeHandler } from '../core/contract/invoke';
import type { Core } from '../core/core-types';

export { invokeHandler, toContractError } from '../core/contract/invoke';
export { thresholdCrossed } from '../core/budgets/budget-ledger';

export type SenderCheck = (frameUrl: string | undefined) => boolean;

/** Registers exactly one ipcMain handler per contract channel; returns a function that removes them. */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  isTrustedSender: SenderCheck,
): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      // senderFrame is null once the frame has navigated away or been destroyed.
      if (!isTrustedSender(event.senderFrame?.url)) {
        return { ok: false, error: { code: 'forbidden', message: `Sender may not call ${channel}` } };
      }
      return invokeHandler(handlers, channel, args);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

export function sendEvent<E extends EventName>(
  target: Pick<WebContents, 'isDestroyed' | 'send'> | null | undefined,
  event: E,
  payload: Events[E],
): void {
  if (!target || target.isDestroyed()) return;
  target.send(event, payload);
}

/** Pushes the core's events to whichever page is open at the time; returns a function that stops. */
export function forwardCoreEvents(
  core: Pick<Core, 'onRequestRecorded' | 'onBudgetAlert'>,
  target: () => Pick<WebContents, 'isDestroyed' | 'send'> | null | undefined,
): () => void {
  const stops = [
    core.onRequestRecorded((record) => sendEvent(target(), 'requests:recorded', record)),
    core.onBudgetAlert((alert) => sendEvent(target(), 'budget:threshold-crossed', thresholdCrossed(alert))),
  ];
  return () => stops.forEach((stop) => stop());
}
