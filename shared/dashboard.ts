/**
 * Types of the dashboard's channels (see contract.ts). Times are ISO 8601 strings; money is USD at full
 * precision (format for display only); "unpriced" is a count, never $0.
 */
import type { RequestRecord } from './records';

export type SpendGroup = 'model' | 'provider' | 'tool' | 'project' | 'rule';

export interface SpendSeriesQuery {
  from: string;
  until: string;
  bucket: 'hour' | 'day';
  groupBy: SpendGroup;
  /** Local time zone for day buckets; default: the core's. */
  timeZone?: string;
}

export interface SpendSeries {
  /** Bucket start instants, ISO, oldest first, every bucket of the range present (empty ones are 0). */
  buckets: string[];
  /** One series per group key, largest total cost first. */
  series: Array<{ key: string; costUsd: number[]; requests: number[] }>;
  /** The table beneath the chart: one row per group key over the whole range. */
  rows: Array<{
    key: string;
    requests: number;
    costUsd: number;
    unpricedRequests: number;
    inputTokens: number;
    cacheReadTokens: number;
    cacheWriteTokens: number;
    outputTokens: number;
  }>;
}

export interface SubstitutionReport {
  from: string;
  until: string;
  /** requested → served model flows (the Sankey), with what each saved. */
  flows: Array<{
    requestedModel: string;
    servedModel: string;
    requests: number;
    costUsd: number;
    baselineUsd: number;
    savingsUsd: number;
  }>;
  byRule: Array<{
    ruleId: string;
    requests: number;
    costUsd: number;
    baselineUsd: number;
    savingsUsd: number;
  }>;
  /** Per target tried (provider / model): attempts, failures by kind, fallbacks it caused. */
  targets: Array<{
    provider: string;
    model: string;
    attempts: number;
    ok: number;
    failures: Record<string, number>;
    /** Requests where this target failed and a later one answered. */
    fellBack: number;
  }>;
}

export interface RequestQuery {
  from?: string;
  until?: string;
  tool?: string;
  /** Requested or served model (glob). */
  model?: string;
  provider?: string;
  outcome?: string;
  /** Free text over model names, tool, error message, request id. */
  search?: string;
  /** Cursor: rows strictly older than this request (by start time, then id). */
  before?: { startedAt: string; id: string };
  limit?: number;
}

export interface RequestPage {
  rows: RequestRecord[];
  /** Matching rows in total (for the scrollbar). */
  total: number;
  /** Cursor for the next (older) page, null at the end. */
  next: { startedAt: string; id: string } | null;
}

export interface CostBreakdown {
  inputUsd: number;
  cacheReadUsd: number;
  cacheWriteUsd: number;
  outputUsd: number;
  totalUsd: number;
}

export interface RequestDetail {
  record: RequestRecord;
  /** Null when unpriced. */
  breakdown: CostBreakdown | null;
  /** The per-million prices used (null fields where the entry has no such rate). */
  prices: {
    input: number | null;
    cacheRead: number | null;
    cacheWrite: number | null;
    output: number | null;
  } | null;
}

export type ConnectableTool = 'claude-code' | 'codex' | 'gemini-cli';

export interface ToolConnection {
  tool: ConnectableTool | 'cursor' | 'aider' | 'continue' | 'cline';
  title: string;
  /** Setup snippet to copy (shell or file content). */
  snippet: string;
  /** Where one-click apply writes; null for tools set up by hand. */
  configPath: string | null;
  /** Farebox's settings are in that file now. */
  applied: boolean;
  /** A backup exists, so undo is possible. */
  canUndo: boolean;
  /** The last request seen from this tool, ISO, or null. */
  lastSeenAt: string | null;
  /** An honest note where a tool cannot simply be pointed at a local proxy (Cursor). */
  note: string | null;
}

export interface ProviderSummary {
  id: string;
  dialect: 'anthropic' | 'openai' | 'gemini';
  baseUrl: string;
  /** How many keys are configured; keys themselves never leave the core. */
  keyCount: number;
  isDefaultFor: Array<'anthropic' | 'openai' | 'gemini'>;
}

export interface ProviderTestResult {
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  message: string;
}

export interface AppSettings {
  port: number;
  host: string;
  dataDir: string;
  configPath: string;
  /** Requests older than this many days are deleted (0: keep everything). */
  retentionDays: number;
  /** Prompt text storage; always false unless the user opted in. */
  storePrompts: boolean;
  priceDataVersion: string;
}
