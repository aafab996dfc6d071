import type { MonthStats, RequestRecord } from './records';
import type { ApiDialect, RouteDryRun, RoutingConfig } from './routing';

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
  /** The stored rules and aliases (invalid ones included, so the editor can show and fix them). */
  'rules:get': { args: []; result: RulesState };
  /** Validates and stores a new rule set; `problems` is empty when it was saved. */
  'rules:set': { args: [next: RoutingDraft]; result: { saved: boolean; problems: string[] } };
  /** Problems with a draft, without saving it. */
  'rules:validate': { args: [next: RoutingDraft]; result: string[] };
  /** Which rule would fire for a request body, and its estimated cost; nothing is sent. */
  'rules:dry-run': { args: [input: DryRunRequest]; result: RouteDryRun };
}

/** A rule set as the editor sends it: checked rule by rule by the core. */
export interface RoutingDraft {
  aliases?: unknown;
  rules?: unknown;
}

export interface RulesState extends RoutingDraft {
  /** The rules that are in force (the valid ones). */
  inForce: RoutingConfig;
  problems: string[];
}

export interface DryRunRequest {
  body: Record<string, unknown>;
  dialect?: ApiDialect;
  tool?: string;
  model?: string;
  outputTokens?: number;
}

/** Events pushed from the core to the renderer, past tense. */
export interface Events {
  'requests:recorded': RequestRecord;
}

export type Channel = keyof Channels;
export type EventName = keyof Events;

export const CHANNELS: readonly Channel[] = [
  'app:status',
  'stats:month',
  'requests:recent',
  'rules:get',
  'rules:set',
  'rules:validate',
  'rules:dry-run',
];
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
