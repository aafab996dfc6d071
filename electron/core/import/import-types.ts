import type { TokenUsage } from '../../../shared/usage';
import type { Billing } from '../store/request-entry';

/** The tools whose own logs can be imported. */
export type ImportSource = 'claude-code' | 'codex';

export const IMPORT_SOURCES: readonly ImportSource[] = ['claude-code', 'codex'];

/** One model call read from a tool's log, deduplicated within its file. */
export interface ImportedCall {
  /**
   * The call's identity within its source (Claude Code: `message:<message.id>`; Codex: `response:<response_id>`,
   * or for logs without per-response records the cumulative-usage fingerprint of its token_count event). The
   * stored row id is derived from it, so importing the same call again finds the same row.
   */
  key: string;
  /** More identities of the same call (Claude Code: `request:<requestId>`); a match on any key is a duplicate. */
  altKeys: string[];
  /** ms since the epoch: the earliest log line of the call. */
  at: number;
  /** The tool's session id (Claude Code `sessionId`, Codex thread id). */
  sessionId: string | null;
  /** Other ids the proxy may have recorded as this call's session (Codex: the root session of a sub-agent). */
  altSessionIds: string[];
  model: string | null;
  usage: TokenUsage;
  /** The provider's request id (Claude Code `requestId` is Anthropic's `request-id` response header). */
  upstreamRequestId: string | null;
  /** What the log says paid for the call; null when it cannot tell. */
  billing: Billing | null;
}

/** What reading one log file found. */
export interface ParsedLog {
  calls: ImportedCall[];
  /** Non-empty lines read. */
  lines: number;
  /** Lines that are not JSON objects (typically a last line cut short while the tool was writing it). */
  malformed: number;
  /** Lines repeating a call already read from this file (Claude Code writes one line per content block). */
  duplicates: number;
  /** Calls without billable usage: synthetic messages (API errors, interruptions) and all-zero usage. */
  noUsage: number;
}

export interface ImportCounts {
  /** Log files read. */
  files: number;
  lines: number;
  /** New rows stored. */
  imported: number;
  /** Calls skipped as repeats: within a file, across files, or already imported by an earlier run. */
  duplicates: number;
  /** Calls skipped because the proxy recorded the same request. */
  alreadyProxied: number;
  malformed: number;
  noUsage: number;
  /** Files listed but gone or unreadable by the time they were read. */
  unreadable: number;
}

export interface ImportProgress extends ImportCounts {
  filesTotal: number;
  /** The file just read. */
  file: string;
}

export interface ImportSummary extends ImportCounts {
  source: ImportSource;
  /** Where logs were looked for. */
  roots: string[];
  /** List-price cost of the rows imported by this run; unpriced rows are not in it. */
  costUsd: number;
  /** Imported rows whose model has no price. */
  unpriced: number;
  /** First and last call imported (ms since the epoch), null when nothing was imported. */
  firstAt: number | null;
  lastAt: number | null;
}

export function emptyParsedLog(): ParsedLog {
  return { calls: [], lines: 0, malformed: 0, duplicates: 0, noUsage: 0 };
}

export function totalTokens(usage: TokenUsage): number {
  return (
    usage.inputTokens +
    usage.cacheReadTokens +
    usage.cacheWrite5mTokens +
    usage.cacheWrite1hTokens +
    usage.outputTokens
  );
}
