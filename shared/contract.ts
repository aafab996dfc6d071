import type { MonthStats, RequestRecord } from './records';
import type { ApiDialect, RouteDryRun, RoutingConfig } from './routing';
import type { BudgetStatus } from './budgets';
import type {
  AppSettings,
  ConnectableTool,
  ProviderSummary,
  ProviderTestResult,
  RequestDetail,
  RequestPage,
  RequestQuery,
  SpendSeries,
  SpendSeriesQuery,
  SubstitutionReport,
  ToolConnection,
} from './dashboard';
import type { TaskOutcome, TaskOutcomeRecord, TaskReport } from './outcomes';
import type { PoolsReport } from './capacity';

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
  /** Spend over time by model, provider, tool, project or rule, with the table beneath. */
  'stats:series': { args: [query: SpendSeriesQuery]; result: SpendSeries };
  /** Requested → served flows, savings by rule, failures and fallbacks per target. */
  'stats:substitution': { args: [range: { from: string; until: string }]; result: SubstitutionReport };
  /** A page of the request log, newest first, filtered. */
  'requests:query': { args: [query: RequestQuery]; result: RequestPage };
  /** One request with its cost breakdown and the prices used; null when there is no such request. */
  'requests:get': { args: [id: string]; result: RequestDetail | null };
  'budgets:status': { args: []; result: BudgetStatus[] };
  /** The stored budgets (invalid ones included) and why some are not in force. */
  'budgets:get': { args: []; result: { budgets: unknown[]; problems: string[] } };
  /** Validates and stores budgets; they apply to the next request. */
  'budgets:set': { args: [budgets: unknown[]]; result: { saved: boolean; problems: string[] } };
  'connect:list': { args: []; result: ToolConnection[] };
  /** Writes Farebox's settings into the tool's config, keeping a backup. */
  'connect:apply': { args: [tool: ConnectableTool]; result: ToolConnection };
  /** Restores the backup taken by connect:apply. */
  'connect:undo': { args: [tool: ConnectableTool]; result: ToolConnection };
  'providers:list': { args: []; result: ProviderSummary[] };
  /** Asks the provider for its model list with the configured key. */
  'providers:test': { args: [id: string]; result: ProviderTestResult };
  'settings:get': { args: []; result: AppSettings };
  /** Changes what can change at runtime (retention); the rest lives in the config file. */
  'settings:set': { args: [changes: { retentionDays?: number }]; result: AppSettings };
  /** Cost per task and per resolved task, by tool and model. */
  'tasks:list': { args: [range?: { since?: string; until?: string }]; result: TaskReport };
  /** Marks a task resolved, failed or abandoned; `open` clears the mark. */
  'tasks:outcome': {
    args: [taskId: string, outcome: TaskOutcome | 'open', note?: string];
    result: TaskOutcomeRecord | null;
  };
  /** Each pool and plan for a month (default: the current one): utilization, cost, recommendation. */
  'pools:report': { args: [month?: string]; result: PoolsReport };
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
  'budget:threshold-crossed': BudgetThresholdCrossed;
}

export interface BudgetThresholdCrossed {
  budgetId: string;
  name: string;
  percent: number;
  action: 'notify' | 'downgrade' | 'block';
  spentUsd: number;
  amountUsd: number;
  resetsAt: string;
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
  'stats:series',
  'stats:substitution',
  'requests:query',
  'requests:get',
  'budgets:status',
  'budgets:get',
  'budgets:set',
  'connect:list',
  'connect:apply',
  'connect:undo',
  'providers:list',
  'providers:test',
  'settings:get',
  'settings:set',
  'tasks:list',
  'tasks:outcome',
  'pools:report',
];
export const EVENTS: readonly EventName[] = ['requests:recorded', 'budget:threshold-crossed'];

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
