/**
 * Routing rules as the config file, the store, the rules editor and the dry run see them. The core validates
 * them with a zod schema (electron/core/routing/rule-schema.ts) that produces exactly these shapes.
 */

/** The four request dialects a client can speak (the API, not the vendor). */
export type ApiDialect = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini';
export const API_DIALECTS: readonly ApiDialect[] = ['anthropic', 'openai-chat', 'openai-responses', 'gemini'];

/** Where a request is sent: a configured provider and the model name it knows. */
export interface RouteTarget {
  provider: string;
  model: string;
  /** OpenAI-dialect providers only: which API to call (default: the client's if it is an OpenAI API, else chat). */
  api?: 'chat' | 'responses';
}

/** A target, or the name of an alias. */
export type TargetRef = RouteTarget | string;

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface RuleConditions {
  /** Tool names (as recorded, e.g. "claude-code"); `*` globs allowed. */
  tools?: string[];
  dialects?: ApiDialect[];
  /** Requested model globs, case-insensitive (e.g. "claude-*"). */
  models?: string[];
  /** Estimated input tokens, counted before the request is sent. */
  inputTokens?: { min?: number; max?: number };
  hasTools?: boolean;
  hasImages?: boolean;
  /** Thinking / reasoning requested by the client. */
  thinking?: boolean;
  /** A regular expression, or "/pattern/flags", tested against the text of the last user message. */
  lastUserMessage?: string;
  /** Header name → regular expression the header's value must match (a missing header never matches). */
  headers?: Record<string, string>;
  /** A local time-of-day and weekday window; `from` > `until` wraps past midnight. */
  schedule?: { days?: Weekday[]; from?: string; until?: string; timeZone?: string };
  /** A budget's state: e.g. `{ "id": "monthly", "above": 80 }` fires once 80 % of it is spent. */
  budget?: { id: string; above?: number; below?: number };
}

/** Which upstream failures move on to the next target of a chain. */
export type FallbackTrigger = 'connection' | 'timeout' | '429' | '5xx' | number;

export type RuleAction =
  | { route: TargetRef }
  | { chain: TargetRef[] }
  | { reject: { status?: number; message: string } }
  | { pass: true };

export interface RoutingRule {
  id: string;
  name?: string;
  enabled?: boolean;
  when?: RuleConditions;
  then: RuleAction;
  tags?: string[];
  /** Default: connection errors, timeouts, 429 and 5xx. */
  fallbackOn?: FallbackTrigger[];
  /** Time allowed for the upstream's response headers before a timeout counts (ms). */
  timeoutMs?: number;
}

export interface RoutingConfig {
  /** Names usable in rules and by clients as model names, e.g. "cheap" → a target or a chain. */
  aliases: Record<string, RouteTarget | RouteTarget[]>;
  rules: RoutingRule[];
}

/** One try at one target. */
export interface AttemptRecord {
  provider: string;
  model: string;
  /** The API spoken upstream, e.g. "openai-chat". */
  endpoint: string;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  /** ok, or why the next target was tried. */
  result: 'ok' | 'connection' | 'timeout' | 'status' | 'stream_cut' | 'error';
  error: string | null;
  /** ms after the request started. */
  startedMs: number;
  durationMs: number;
}

/** The answer of the dry run (`farebox route`, the rules editor's tester). */
export interface RouteDryRun {
  dialect: ApiDialect;
  tool: string;
  requestedModel: string | null;
  estimatedInputTokens: number;
  /** The rule that fired, or null when none did (the request passes to the default provider). */
  rule: { id: string; name: string | null } | null;
  action: 'route' | 'chain' | 'reject' | 'pass';
  /** Per rule, in order: whether it matched and why not. */
  evaluated: Array<{ id: string; matched: boolean; reasons: string[] }>;
  targets: RouteTarget[];
  reject: { status: number; message: string } | null;
  /** Estimated cost of the first target for the estimated input and an assumed output. */
  estimate: {
    outputTokens: number;
    costUsd: number | null;
    priceRef: string | null;
    baselineCostUsd: number | null;
    baselinePriceRef: string | null;
  } | null;
  /** Rules skipped because they are invalid. */
  problems: string[];
}
