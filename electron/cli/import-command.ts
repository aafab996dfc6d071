import { existsSync } from 'node:fs';
import { loadConfigFile } from '../core/config/load-config';
import { createPriceBook } from '../core/economics/price-book';
import { importUsage } from '../core/import/import-runner';
import { IMPORT_SOURCES, type ImportSource, type ImportSummary } from '../core/import/import-types';
import { databasePath, defaultConfigPath, defaultDataDir, journalPath } from '../core/paths';
import { openDatabase } from '../core/store/open-database';
import type { Billing } from '../core/store/request-entry';
import { readJournal } from '../core/store/request-journal';
import { RequestLog } from '../core/store/request-log';
import { UsageError, type Io } from './commands';

export interface ImportLogsOptions {
  dataDir?: string;
  config?: string;
  /** claude-code or codex. */
  source?: string;
  /** A log file or directory instead of the tool's own folders (~/.claude, CLAUDE_CONFIG_DIR; ~/.codex, CODEX_HOME). */
  path?: string;
  /** How the calls were paid when the log does not say: on_demand (default) or subscription. */
  billing?: string;
  json?: boolean;
  /** For locating the tools' folders; default process.env. */
  env?: NodeJS.ProcessEnv;
}

const BILLINGS: readonly Billing[] = ['on_demand', 'subscription'];
/** Progress lines are written at most this often (plus the last one). */
const PROGRESS_EVERY_MS = 250;

/**
 * `farebox import claude-code|codex [--path DIR] [--billing on_demand|subscription] [--json]`: reads the tool's
 * own usage logs into the request log (see core/import/import-runner.ts), printing progress to stderr and a
 * summary to stdout. Safe to run again, and while the proxy runs.
 */
export async function importLogs(options: ImportLogsOptions, io: Io): Promise<ImportSummary> {
  const source = options.source;
  if (source === undefined || !(IMPORT_SOURCES as readonly string[]).includes(source)) {
    throw new UsageError(
      `which logs to import: farebox import ${IMPORT_SOURCES.join('|')}${source === undefined ? '' : ` (not "${source}")`}`,
    );
  }
  const billing = options.billing;
  if (billing !== undefined && !(BILLINGS as readonly string[]).includes(billing)) {
    throw new UsageError(`--billing must be ${BILLINGS.join(' or ')}, not "${billing}"`);
  }
  if (options.path !== undefined && !existsSync(options.path)) {
    throw new UsageError(`--path ${options.path}: no such file or directory`);
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  const config = loadConfigFile(options.config ?? defaultConfigPath(dataDir));
  const priceBook = createPriceBook({ overrides: config.pricing.overrides });
  const db = openDatabase(databasePath(dataDir));
  let summary: ImportSummary;
  try {
    // Requests the proxy finished just before a crash may be only in its journal: store them first, so that
    // the logs' copies of them are recognised as proxied.
    new RequestLog(db).replayJournal(readJournal(journalPath(dataDir)));
    let lastPrinted = 0;
    summary = await importUsage(db, source as ImportSource, {
      path: options.path,
      priceBook,
      defaultBilling: billing as Billing | undefined,
      env: options.env,
      onProgress: (progress) => {
        const now = Date.now();
        const last = progress.files + progress.unreadable === progress.filesTotal;
        if (!last && now - lastPrinted < PROGRESS_EVERY_MS) return;
        lastPrinted = now;
        const skipped = progress.duplicates + progress.alreadyProxied + progress.noUsage;
        io.err(
          `farebox: importing ${source}: ${progress.files + progress.unreadable}/${progress.filesTotal} files, ` +
            `${count(progress.imported)} imported, ${count(skipped)} skipped`,
        );
      },
    });
  } finally {
    db.close();
  }
  io.out(options.json ? JSON.stringify(summary, null, 2) : formatImport(summary));
  return summary;
}

const TOOL_NAMES: Record<ImportSource, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };

export function formatImport(s: ImportSummary): string {
  const tool = TOOL_NAMES[s.source];
  if (s.files === 0 && s.unreadable === 0) return `No ${tool} logs found in ${s.roots.join(', ')}`;
  const lines = [
    `Imported ${count(s.imported)} request(s) from ${count(s.files)} ${tool} log file(s): $${s.costUsd.toFixed(6)} at list prices`,
  ];
  if (s.firstAt !== null && s.lastAt !== null) {
    lines.push(`  from ${new Date(s.firstAt).toISOString()} to ${new Date(s.lastAt).toISOString()}`);
  }
  if (s.unpriced > 0) lines.push(`  ${count(s.unpriced)} request(s) are unpriced (no price for their model)`);
  lines.push(
    `  skipped: ${count(s.duplicates)} duplicate(s), ${count(s.alreadyProxied)} already recorded by the proxy, ` +
      `${count(s.noUsage)} without usage`,
  );
  if (s.malformed > 0) lines.push(`  ${count(s.malformed)} malformed line(s) ignored`);
  if (s.unreadable > 0) lines.push(`  ${count(s.unreadable)} file(s) could not be read`);
  return lines.join('\n');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
