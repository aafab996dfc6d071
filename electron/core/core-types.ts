import type { AppStatus } from '../../shared/contract';
import type { MonthStats, RequestRecord } from '../../shared/records';
import type { RouteDryRun, RoutingConfig } from '../../shared/routing';
import type { DryRunInput } from './routing/dry-run';
import type { BudgetStatus } from '../../shared/budgets';
import type { BudgetAlert } from './budgets/budget-ledger';
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
} from '../../shared/dashboard';
import type { PoolsReport } from './capacity/pool-report';
import type {
  SimulateInput,
  SimulationResult,
  TaskOutcome,
  TaskOutcomeRecord,
  TaskReport,
} from './outcomes/types';

export interface CoreOptions {
  /** Where farebox.db (and by default config.json) live. */
  dataDir: string;
  /** Default: <dataDir>/config.json; a missing file means the built-in defaults. */
  configPath?: string;
  /** Override the config's server.host / server.port (port 0 picks a free port). */
  host?: string;
  port?: number;
  /** better-sqlite3 native addon built for the running runtime (Electron passes its own ABI build). */
  sqliteNativeBinding?: string;
  /**
   * Serve the dashboard and the HTTP admin API under /_farebox/ (headless `serve`): the built renderer's
   * directory, and the per-launch token (default: a random one).
   */
  admin?: { staticDir: string; token?: string };
  /** Environment for `env:NAME` keys (default: process.env); the desktop adds keys from its vault. */
  env?: NodeJS.ProcessEnv;
  /** The user's home directory, for Connect tools (default: os.homedir()). */
  home?: string;
  /** Diagnostic lines (never contains provider keys). Default: none. */
  log?: (line: string) => void;
}

export interface ProxyAddress {
  host: string;
  port: number;
  url: string;
}

/** Thrown by start() when the port is taken, so shells can offer another one. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`Port ${port} on ${host} is already in use. Pick another port with --port or server.port.`);
  }
}

/** The facade both shells (Electron main, CLI) drive; it never imports electron. */
export interface Core {
  readonly dataDir: string;
  readonly configPath: string;
  /** Opens the database, loads config and prices, and starts the proxy. */
  start(): Promise<ProxyAddress>;
  /** Stops accepting requests, records in-flight ones as interrupted, flushes and closes the log. */
  stop(): Promise<void>;
  address(): ProxyAddress | null;
  status(): AppStatus;
  /** Spend for a calendar month (YYYY-MM, default: the current one) in the local time zone. */
  monthStats(month?: string): MonthStats;
  recentRequests(limit?: number): RequestRecord[];
  /** Moves finished requests still waiting for their batch into SQLite now (queries do this themselves). */
  flushLog(): void;
  /** The stored routing section (invalid rules included), the rules in force, and why some are not. */
  routing(): { aliases?: unknown; rules?: unknown; inForce: RoutingConfig; problems: string[] };
  /** Validates and stores new rules and aliases; they apply to the next request. Nothing changes on a problem. */
  setRouting(next: { aliases?: unknown; rules?: unknown }): { ok: true } | { ok: false; problems: string[] };
  /** Problems with a rule set, without storing it. */
  validateRouting(next: { aliases?: unknown; rules?: unknown }): string[];
  /** Every budget: period, spend, in-flight reservations, thresholds reached, alerts and forecast. */
  budgets(): BudgetStatus[];
  /** Marks a task (a session, or an x-farebox-task id) resolved, failed or abandoned; `open` clears it. */
  markOutcome(taskId: string, outcome: TaskOutcome | 'open', note?: string | null): TaskOutcomeRecord | null;
  /** Cost per task and per resolved task, by tool and model. */
  taskReport(range?: { since?: number; until?: number }): TaskReport;
  /** What the user's own traffic would have cost on reserved capacity or at a price per resolved task. */
  simulate(input: SimulateInput): SimulationResult;
  spendSeries(query: SpendSeriesQuery): SpendSeries;
  substitution(range: { from: number; until: number }): SubstitutionReport;
  queryRequests(query: RequestQuery): RequestPage;
  requestDetail(id: string): RequestDetail | null;
  /** The stored budgets (invalid ones included) and why some are not in force. */
  budgetConfig(): { budgets: unknown[]; problems: string[] };
  /** Validates and stores budgets; they apply to the next request. Nothing changes on a problem. */
  setBudgets(next: unknown[]): { ok: true } | { ok: false; problems: string[] };
  connections(): ToolConnection[];
  connectTool(tool: ConnectableTool): ToolConnection;
  undoConnect(tool: ConnectableTool): ToolConnection;
  providers(): ProviderSummary[];
  testProvider(id: string): Promise<ProviderTestResult>;
  settings(): AppSettings;
  /** Changes runtime settings (retention, applied at once) and returns them all. */
  updateSettings(changes: { retentionDays?: number }): AppSettings;
  /** Pools and plans for a month (YYYY-MM, default: the current one). */
  poolsReport(month?: string): PoolsReport;
  /** Whether routing is paused: every request goes to the provider it names (budgets still apply). */
  routingPaused(): boolean;
  setRoutingPaused(paused: boolean): void;
  /** The dashboard's address with its per-launch token, when the admin API is on. */
  dashboardUrl(): string | null;
  /** Called when spend crosses a budget threshold (once per threshold and period). */
  onBudgetAlert(listener: (alert: BudgetAlert) => void): () => void;
  /** Which rule fires for a request and what it would cost; nothing is sent. */
  dryRun(input: DryRunInput): RouteDryRun;
  /** Called after each request is stored in SQLite; returns an unsubscribe function. */
  onRequestRecorded(listener: (record: RequestRecord) => void): () => void;
}
