import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ProviderDialect, Endpoint } from '../../../shared/dialects';
import { roundUsd, UNPRICED } from '../../../shared/pricing';
import type { PriceBook } from '../economics/price-book';
import type { Db } from '../store/open-database';
import type { Billing, RequestEntry } from '../store/request-entry';
import { RequestLog } from '../store/request-log';
import { parseClaudeCodeLog } from './claude-code-log';
import { parseCodexLog } from './codex-log';
import { importedRequestId } from './imported-id';
import type {
  ImportCounts,
  ImportedCall,
  ImportProgress,
  ImportSource,
  ImportSummary,
  ParsedLog,
} from './import-types';
import { claudeCodeLogRoots, codexLogRoots, findJsonlFiles, rootsForPath } from './log-files';

export interface ImportOptions {
  /** A log file, or a directory to search, instead of the tool's own folders. */
  path?: string;
  priceBook: PriceBook;
  /** Called after each file. */
  onProgress?: (progress: ImportProgress) => void;
  /**
   * How the calls were paid when the log does not say: always for Claude Code (its transcripts look the same
   * with a Claude subscription login and with an API key), and for Codex logs without rate-limit reports.
   * Default on_demand.
   */
  defaultBilling?: Billing;
  /** For locating the default folders (CLAUDE_CONFIG_DIR, CODEX_HOME); default process.env. */
  env?: NodeJS.ProcessEnv;
  home?: string;
}

interface SourceInfo {
  parse: (file: string) => Promise<ParsedLog>;
  dialect: ProviderDialect;
  endpoint: Endpoint;
  /** The provider id of the default providers (config default-providers.ts). */
  provider: string;
}

const SOURCES: Record<ImportSource, SourceInfo> = {
  'claude-code': {
    parse: parseClaudeCodeLog,
    dialect: 'anthropic',
    endpoint: 'anthropic-messages',
    provider: 'anthropic',
  },
  codex: { parse: parseCodexLog, dialect: 'openai', endpoint: 'openai-responses', provider: 'openai' },
};

/** Rows are written in transactions of this many, so a huge import never holds the write lock for long. */
const BATCH_ROWS = 1000;
/** How far before a call's log time the proxy row may have started (long streamed responses). */
const MATCH_BEFORE_MS = 30 * 60_000;
const MATCH_AFTER_MS = 2 * 60_000;

/**
 * Turns a tool's own logs into request rows marked `source = 'import:<tool>'`:
 * - each model call is counted once: repeated lines are merged within a file (parsers), and across files and
 *   runs by the call's keys; the row id is derived from the call's key (imported-id.ts), so re-importing
 *   stores nothing new;
 * - a call the proxy already recorded is skipped: same provider request id (`upstream_request_id`, which
 *   Claude Code logs as `requestId`), or, for calls without one (Codex logs, rows from before request ids were
 *   stored), a proxy row of the same session with the same input-side tokens, at least the logged output
 *   tokens, started within 30 minutes before the log line;
 * - rows are priced at list price for the call's time (cost_usd is always the list price; `billing` says who
 *   paid), `outcome` ok, requested = served model, no routing, times from the log line (the response's end).
 */
export async function importUsage(
  db: Db,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportSummary> {
  const info = SOURCES[source];
  const sourceTag = `import:${source}`;
  let roots: string[];
  if (options.path !== undefined) {
    const path = resolve(options.path);
    if (!existsSync(path)) throw new Error(`${options.path}: no such file or directory`);
    roots = rootsForPath(path, source);
  } else {
    const locate = { env: options.env, home: options.home };
    roots = source === 'claude-code' ? claudeCodeLogRoots(locate) : codexLogRoots(locate);
  }
  // Codex keeps other JSONL files (history.jsonl) beside its sessions; only rollouts hold usage.
  const accept =
    source === 'codex' && options.path === undefined
      ? (name: string) => name.startsWith('rollout-')
      : () => true;
  const files = findJsonlFiles(roots, accept);

  const log = new RequestLog(db);
  const proxied = proxiedMatcher(db);
  const exists = db.prepare<[string], { id: string }>('SELECT id FROM requests WHERE id = ?');
  const seenKeys = new Set<string>();
  const counts: ImportCounts = {
    files: 0,
    lines: 0,
    imported: 0,
    duplicates: 0,
    alreadyProxied: 0,
    malformed: 0,
    noUsage: 0,
    unreadable: 0,
  };
  let costUsd = 0;
  let unpriced = 0;
  let firstAt: number | null = null;
  let lastAt: number | null = null;

  for (const file of files) {
    let parsed: ParsedLog;
    try {
      parsed = await info.parse(file);
    } catch {
      // Gone or unreadable since it was listed: the rest of the import still counts.
      counts.unreadable += 1;
      options.onProgress?.({ ...counts, filesTotal: files.length, file });
      continue;
    }
    counts.files += 1;
    counts.lines += parsed.lines;
    counts.malformed += parsed.malformed;
    counts.duplicates += parsed.duplicates;
    counts.noUsage += parsed.noUsage;
    const entries: RequestEntry[] = [];
    for (const call of parsed.calls) {
      const keys = [call.key, ...call.altKeys];
      if (keys.some((key) => seenKeys.has(key))) {
        counts.duplicates += 1;
        continue;
      }
      for (const key of keys) seenKeys.add(key);
      const id = importedRequestId(sourceTag, call.key);
      if (exists.get(id)) {
        counts.duplicates += 1;
        continue;
      }
      if (proxied(call)) {
        counts.alreadyProxied += 1;
        continue;
      }
      entries.push(importedEntry(call, id, source, info, options));
    }
    for (let start = 0; start < entries.length; start += BATCH_ROWS) {
      const batch = entries.slice(start, start + BATCH_ROWS);
      const stored = log.storeImported(batch);
      counts.imported += stored;
      // Only a concurrent import of the same logs can have stored some of them since the check above.
      counts.duplicates += batch.length - stored;
    }
    for (const entry of entries) {
      if (entry.costUsd === null) unpriced += 1;
      else costUsd += entry.costUsd;
      firstAt = Math.min(firstAt ?? entry.startedAt, entry.startedAt);
      lastAt = Math.max(lastAt ?? entry.startedAt, entry.startedAt);
    }
    options.onProgress?.({ ...counts, filesTotal: files.length, file });
  }
  return { source, roots, ...counts, costUsd: roundUsd(costUsd), unpriced, firstAt, lastAt };
}

function importedEntry(
  call: ImportedCall,
  id: string,
  source: ImportSource,
  info: SourceInfo,
  options: ImportOptions,
): RequestEntry {
  const priced = call.model
    ? options.priceBook.price(call.model, call.usage, {
        providerDialect: info.dialect,
        at: new Date(call.at),
      })
    : { ...UNPRICED };
  return {
    id,
    startedAt: call.at,
    finishedAt: call.at,
    ttfbMs: null,
    durationMs: null,
    tool: source,
    sessionId: call.sessionId,
    dialect: info.dialect,
    endpoint: info.endpoint,
    provider: info.provider,
    requestedModel: call.model,
    servedModel: call.model,
    // Both CLIs stream every model call.
    stream: true,
    status: 200,
    outcome: 'ok',
    errorMessage: null,
    usage: call.usage,
    costUsd: priced.costUsd,
    priceSource: priced.priceSource,
    priceRef: priced.priceRef,
    requestBytes: 0,
    responseBytes: 0,
    upstreamEndpoint: info.endpoint,
    ruleId: null,
    // Not routed: what it would have cost unrouted is what it cost.
    baselineCostUsd: priced.costUsd,
    baselinePriceRef: priced.priceRef,
    attempts: [],
    tags: [],
    upstreamRequestId: call.upstreamRequestId,
    // As for proxied requests: the task is the tool's session.
    taskId: call.sessionId,
    poolId: null,
    billing: call.billing ?? options.defaultBilling ?? 'on_demand',
    source: `import:${source}`,
  };
}

interface ProxyRowId {
  id: string;
}

/** Finds the proxy row of a call, if the proxy recorded it; each proxy row answers for one call per run. */
function proxiedMatcher(db: Db): (call: ImportedCall) => boolean {
  const byRequestId = db.prepare<[string], ProxyRowId>(
    `SELECT id FROM requests WHERE upstream_request_id = ? AND source NOT LIKE 'import:%' LIMIT 1`,
  );
  const bySession = db.prepare<
    {
      session: string;
      from: number;
      to: number;
      input: number;
      cacheRead: number;
      cacheWrite: number;
      output: number;
      requestId: string | null;
    },
    ProxyRowId
  >(
    `SELECT id FROM requests
     WHERE session_id = @session AND source NOT LIKE 'import:%' AND started_at BETWEEN @from AND @to
       AND input_tokens = @input AND cache_read_tokens = @cacheRead
       AND cache_write_5m_tokens + cache_write_1h_tokens = @cacheWrite
       -- a log line written before message_delta holds a provisional (smaller) output count
       AND output_tokens >= @output
       AND (upstream_request_id IS NULL OR @requestId IS NULL)
     ORDER BY started_at`,
  );
  const matched = new Set<string>();
  return (call) => {
    if (call.upstreamRequestId !== null && byRequestId.get(call.upstreamRequestId)) return true;
    const sessions = [call.sessionId, ...call.altSessionIds].filter((s): s is string => s !== null);
    for (const session of sessions) {
      const rows = bySession.all({
        session,
        from: call.at - MATCH_BEFORE_MS,
        to: call.at + MATCH_AFTER_MS,
        input: call.usage.inputTokens,
        cacheRead: call.usage.cacheReadTokens,
        cacheWrite: call.usage.cacheWrite5mTokens + call.usage.cacheWrite1hTokens,
        output: call.usage.outputTokens,
        requestId: call.upstreamRequestId,
      });
      const row = rows.find((candidate) => !matched.has(candidate.id));
      if (row) {
        matched.add(row.id);
        return true;
      }
    }
    return false;
  };
}
