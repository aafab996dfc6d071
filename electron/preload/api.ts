import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { CHANNELS, EVENTS, type Channel, type EventName, type Events } from '../../shared/contract';
import type { FareboxApi } from '../../renderer/src/env';

function isAllowed<T extends string>(allowlist: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowlist as readonly string[]).includes(value);
}

/**
 * The whole surface the page gets. ipcRenderer itself never crosses the bridge, and listeners never see the
 * IpcRendererEvent (its `sender` is ipcRenderer).
 */
export function createApi(ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): FareboxApi {
  return {
    invoke(channel: Channel, ...args: unknown[]) {
      if (!isAllowed(CHANNELS, channel)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'unknown_channel', message: `Unknown channel: ${String(channel)}` },
        });
      }
      return ipcRenderer.invoke(channel, ...args);
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      if (!isAllowed(EVENTS, event) || typeof listener !== 'function') {
        return () => undefined;
      }
      const forward = (_event: IpcRendererEvent, payload: Events[E]): void => listener(payload);
      ipcRenderer.on(event, forward);
      return () => {
        ipcRenderer.removeListener(event, forward);
      };
    },
  };
}
