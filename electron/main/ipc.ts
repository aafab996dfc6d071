import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  CHANNELS,
  type Channel,
  type Channels,
  type ContractResult,
  type EventName,
  type Events,
  type Handlers,
} from '../../shared/contract';

export type SenderCheck = (frameUrl: string | undefined) => boolean;

export function toContractError(error: unknown): ContractResult<never> {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code, message } };
}

export async function invokeHandler<C extends Channel>(
  handlers: Handlers,
  channel: C,
  args: readonly unknown[],
): Promise<ContractResult<Channels[C]['result']>> {
  // Handlers validate their own arguments; here they are only as trustworthy as the renderer that sent them.
  const handler = handlers[channel] as (...args: readonly unknown[]) => unknown;
  try {
    const data = (await handler(...args)) as Channels[C]['result'];
    return { ok: true, data };
  } catch (error) {
    return toContractError(error);
  }
}

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
