import type { MonthStats, RequestRecord } from './records';

/** What the shell and the headless server report about the running proxy. */
export interface AppStatus {
  version: string;
  proxyUrl: string | null;
  dataDir: string;
  configPath: string;
  priceDataVersion: string;
}

/**
 * The one contract between the renderer and the core: each channel (`domain:verb`) maps to its arguments and
 * result. Electron IPC (through the preload) and the HTTP admin API of `farebox serve` both serve exactly
 * this map, so the renderer works the same over either.
 */
export interface Channels {
  'app:status': { args: []; result: AppStatus };
  'stats:month': { args: [month?: string]; result: MonthStats };
  'requests:recent': { args: [limit?: number]; result: RequestRecord[] };
}

/** Events pushed from the core to the renderer, past tense. */
export interface Events {
  'requests:recorded': RequestRecord;
}

export type Channel = keyof Channels;
export type EventName = keyof Events;

export const CHANNELS: readonly Channel[] = ['app:status', 'stats:month', 'requests:recent'];
export const EVENTS: readonly EventName[] = ['requests:recorded'];

export interface ContractError {
  code: string;
  message: string;
}

/** Electron drops custom error properties across IPC, so handlers return errors as data. */
export type ContractResult<T> = { ok: true; data: T } | { ok: false; error: ContractError };

export type Handlers = {
  [C in Channel]: (...args: Channels[C]['args']) => Channels[C]['result'] | Promise<Channels[C]['result']>;
};

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}
