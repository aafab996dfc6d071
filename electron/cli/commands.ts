import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/index';
import { databasePath, defaultDataDir, journalPath } from '../core/paths';
import { readJournal } from '../core/store/request-journal';
import { RequestLog } from '../core/store/request-log';
import { openDatabase } from '../core/store/open-database';
import { iterateRequests, monthStats } from '../core/store/request-queries';
import type { MonthStats, SpendRow } from '../../shared/records';
import { csvHeader, toCsvLine, toJsonLine } from './export-format';

export class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface ServeOptions {
  config?: string;
  dataDir?: string;
  host?: string;
  port?: string;
}

/** Runs the proxy until SIGINT/SIGTERM; resolves once shut down with the log flushed. */
export async function serve(options: ServeOptions, io: Io): Promise<void> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const port = options.port === undefined ? undefined : parsePort(options.port);
  const core = createCore({
    dataDir,
    configPath: options.config,
    host: options.host,
    port,
    log: (line) => io.err(`farebox: ${line}`),
    admin: { staticDir: rendererDir() },
  });
  const address = await core.start();
  io.out(`Farebox proxy listening on ${address.url}`);
  io.out(`Dashboard: ${core.dashboardUrl()}`);
  if (!existsSync(join(rendererDir(), 'index.html'))) {
    io.err('farebox: the dashboard is not built yet: run `npm run build` (npm start does it), then restart');
  }
  io.err(
    `farebox: data in ${dataDir}; config ${existsSync(core.configPath) ? core.configPath : '(defaults)'}`,
  );
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      io.err(`farebox: ${signal} received, shutting down`);
      core.stop().then(resolve, (error: Error) => {
        io.err(`farebox: shutdown failed: ${error.message}`);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/** The built dashboard: out/renderer next to the CLI bundle (out/cli), or FAREBOX_RENDERER_DIR. */
function rendererDir(): string {
  return process.env.FAREBOX_RENDERER_DIR ?? fileURLToPath(new URL('../renderer', import.meta.url));
}

export interface ExportOptions {
  dataDir?: string;
  format?: string;
  since?: string;
  until?: string;
}

export function exportRequests(options: ExportOptions, io: Io): number {
  const format = options.format ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv')
    throw new UsageError(`--format must be jsonl or csv, not "${format}"`);
  const range = {
    since: parseInstant(options.since, '--since'),
    until: parseInstant(options.until, '--until'),
  };
  const db = openExistingDatabase(options.dataDir);
  if (!db) return 0;
  let count = 0;
  try {
    if (format === 'csv') io.out(csvHeader());
    for (const record of iterateRequests(db, range)) {
      io.out(format === 'csv' ? toCsvLine(record) : toJsonLine(record));
      count += 1;
    }
  } finally {
    db.close();
  }
  return count;
}

export interface StatsOptions {
  dataDir?: string;
  month?: string;
  json?: boolean;
}

export function stats(options: StatsOptions, io: Io): void {
  // No database yet means no spend: an empty in-memory one gives the same, zeroed, report.
  const db = openExistingDatabase(options.dataDir) ?? openDatabase(':memory:');
  let result: MonthStats;
  try {
    result = monthStats(db, options.month);
  } catch (error) {
    throw new UsageError((error as Error).message);
  } finally {
    db.close();
  }
  if (options.json) {
    io.out(JSON.stringify(result, null, 2));
    return;
  }
  io.out(formatStats(result));
}

export function formatStats(s: MonthStats): string {
  const lines = [`Spend for ${s.month} (${s.timeZone}): ${usd(s.totalUsd)} over ${s.requests} request(s)`];
  if (s.unpricedRequests > 0) {
    lines.push(
      `  ${s.unpricedRequests} request(s) are unpriced (no price for their model) and not in the total`,
    );
  }
  for (const [title, rows] of [
    ['provider', s.byProvider],
    ['model', s.byModel],
    ['tool', s.byTool],
  ] as const) {
    if (rows.length === 0) continue;
    lines.push('', `By ${title}:`);
    const width = Math.max(title.length, ...rows.map((r) => r.key.length));
    lines.push(`  ${title.padEnd(width)}  ${'cost'.padStart(14)}  ${'requests'.padStart(8)}  unpriced`);
    for (const row of rows)
      lines.push(`  ${row.key.padEnd(width)}  ${usd(row.costUsd).padStart(14)}  ${formatRow(row)}`);
  }
  const savings = s.savings;
  if (savings.routedRequests > 0 || savings.byRule.some((r) => r.key !== '(no rule)')) {
    lines.push(
      '',
      `Savings from routing: ${usd(savings.savingsUsd)} (${usd(savings.baselineUsd)} at the requested models' prices, ${usd(savings.actualUsd)} paid; ${savings.routedRequests} request(s) routed)`,
    );
    if (savings.unpricedBaselineRequests > 0) {
      lines.push(
        `  ${savings.unpricedBaselineRequests} request(s) have no baseline (requested model unpriced)`,
      );
    }
    for (const [title, rows] of [
      ['rule', savings.byRule],
      ['tool', savings.byTool],
    ] as const) {
      const width = Math.max(title.length, ...rows.map((r) => r.key.length));
      lines.push(`  By ${title}:`);
      for (const row of rows)
        lines.push(
          `    ${row.key.padEnd(width)}  saved ${usd(row.savingsUsd).padStart(14)}  of ${usd(row.baselineUsd)}`,
        );
    }
  }
  return lines.join('\n');
}

function formatRow(row: SpendRow): string {
  return `${String(row.requests).padStart(8)}  ${row.unpricedRequests > 0 ? row.unpricedRequests : ''}`;
}

/** Money keeps its micro-dollars: cents would hide what cheap models cost. */
function usd(value: number): string {
  return `$${value.toFixed(6)}`;
}

/**
 * The data directory's database with any journaled rows replayed, or null when there is none yet.
 */
export function openExistingDatabase(dataDir: string | undefined) {
  const dir = dataDir ?? defaultDataDir();
  const file = databasePath(dir);
  if (!existsSync(file)) return null;
  const db = openDatabase(file);
  // Requests whose responses completed just before a crash may still be only in the journal. Replaying is
  // safe while `serve` runs (stored rows are skipped); only `serve` empties the journal.
  new RequestLog(db).replayJournal(readJournal(journalPath(dir)));
  return db;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0-65535, not "${text}"`);
  return port;
}

export function parseInstant(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new UsageError(`${flag} must be an ISO 8601 date or time, not "${text}"`);
  return ms;
}

export function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
