import { existsSync, readFileSync } from 'node:fs';
import { parseConfig } from '../core/config/load-config';
import { poolReport, pct, usd, type PoolsReport, type PoolReportEntry } from '../core/capacity/pool-report';
import { validatePools, type PoolConfig } from '../core/capacity/pool-schema';
import { createPriceBook } from '../core/economics/price-book';
import { databasePath, defaultConfigPath, defaultDataDir, journalPath } from '../core/paths';
import { openDatabase } from '../core/store/open-database';
import { readJournal } from '../core/store/request-journal';
import { RequestLog } from '../core/store/request-log';
import { monthBounds } from '../core/store/request-queries';
import { UsageError, type Io } from './commands';

export interface PoolsOptions {
  dataDir?: string;
  config?: string;
  /** YYYY-MM in the local time zone; default: this month. */
  month?: string;
  json?: boolean;
  /** The report's "now" (ms since the epoch); tests pin it. */
  now?: number;
}

/**
 * `farebox pools`: per reserved-capacity pool and month, utilization (average and peak minute), what the
 * reservation cost against the same traffic on demand, spillover, break-even utilization and a
 * recommendation with its arithmetic. Pools come from the config file's `pools` section.
 */
export function pools(options: PoolsOptions, io: Io): PoolsReport {
  const dataDir = options.dataDir ?? defaultDataDir();
  const configFile = options.config ?? defaultConfigPath(dataDir);
  const { pools: configured, problems, overrides } = loadPools(configFile);
  for (const problem of problems) io.err(`farebox: ${problem} (pool left out)`);
  let bounds: ReturnType<typeof monthBounds>;
  try {
    bounds = monthBounds(options.month);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const priceBook = createPriceBook({ overrides });
  const db = openExistingDatabase(dataDir) ?? openDatabase(':memory:');
  let report: PoolsReport;
  try {
    report = poolReport(
      db,
      configured,
      priceBook,
      { from: bounds.from.getTime(), until: bounds.until.getTime() },
      options.now ?? Date.now(),
    );
  } finally {
    db.close();
  }
  if (options.json) io.out(JSON.stringify(report, null, 2));
  else
    io.out(
      formatPools(report, bounds.month, configured.length === 0 && problems.length === 0 ? configFile : null),
    );
  return report;
}

/**
 * The config's pools, validated pool by pool against its providers. The rest of the file is checked as
 * `serve` checks it (without `pools`, so this works before and after the main schema knows the section).
 */
function loadPools(file: string): {
  pools: PoolConfig[];
  problems: string[];
  overrides: ReturnType<typeof parseConfig>['pricing']['overrides'];
} {
  if (!existsSync(file)) {
    return { pools: [], problems: [], overrides: parseConfig({}, null).pricing.overrides };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`config ${file}: not valid JSON`);
  }
  const { pools: rawPools, ...rest } =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const config = parseConfig(rest, file);
  const checked = validatePools(rawPools, new Map(config.providers.map((p) => [p.id, p.dialect])));
  return { pools: checked.pools, problems: checked.problems, overrides: config.pricing.overrides };
}

function openExistingDatabase(dataDir: string) {
  const file = databasePath(dataDir);
  if (!existsSync(file)) return null;
  const db = openDatabase(file);
  // Requests still only in the journal (a crash just before their batch) are part of the month.
  new RequestLog(db).replayJournal(readJournal(journalPath(dataDir)));
  return db;
}

export function formatPools(report: PoolsReport, month: string, emptyConfig: string | null = null): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const lines = [`Reserved capacity for ${month} (${zone}), ${report.from} – ${report.until}`];
  if (report.pools.length === 0) {
    lines.push(
      emptyConfig
        ? `No pools configured: add a "pools" section to ${emptyConfig}.`
        : 'No usable pools (see the problems above).',
    );
    return lines.join('\n');
  }
  for (const pool of report.pools) lines.push('', ...formatPool(pool));
  return lines.join('\n');
}

function formatPool(p: PoolReportEntry): string[] {
  const title = `${p.id}${p.name ? ` (${p.name})` : ''}`;
  const span = `${p.period.from.slice(0, 16)}Z – ${p.period.until.slice(0, 16)}Z, ${count(p.period.minutes)} min`;
  const row = (label: string, value: string) => `  ${label.padEnd(18)} ${value}`;
  const lines: string[] = [];
  if (p.kind === 'provisioned') {
    lines.push(
      `${title}: provisioned on ${p.provider}${p.deployment ? ` / ${p.deployment}` : ''}, models ${p.models.join(', ')}`,
      row('period', span),
      row(
        'capacity',
        `${p.units} unit(s) × ${count(p.unitTokensPerMinute)} = ${count(p.capacityTokensPerMinute)} tokens/min ` +
          `(output ×${p.outputWeight}, cached reads ${p.cachedCounts ? 'count' : 'free'})`,
      ),
      row(
        'requests',
        `${count(p.requests)}${p.unpricedRequests > 0 ? ` (${p.unpricedRequests} unpriced)` : ''}, ` +
          `${count(p.tokens.total)} tokens, ${count(p.consumedTokens)} token-equivalents`,
      ),
      row(
        'utilization',
        `${pct(p.utilization.average)} average, ${pct(p.utilization.peakMinute)} peak minute, ` +
          `${pct(p.utilization.peakDemand)} peak demand; ${p.utilization.minutesAtCapacity} min at capacity`,
      ),
      row('reservation', usd(p.reservationUsd)),
      row(
        'on-demand equiv.',
        `${usd(p.onDemandEquivalentUsd)} (${p.savingsUsd >= 0 ? 'saved' : 'lost'} ${usd(Math.abs(p.savingsUsd))})`,
      ),
      row(
        'per M tokens',
        p.effectiveUsdPerMTok === null
          ? '-'
          : `${usd(p.effectiveUsdPerMTok)} effective vs ${usd(p.onDemandUsdPerMTok ?? 0)} on demand`,
      ),
      row(
        'spillover',
        `${count(p.spillover.requests)} request(s), ${usd(p.spillover.costUsd)}` +
          (p.spillover.unpricedRequests > 0 ? ` (${p.spillover.unpricedRequests} unpriced)` : ''),
      ),
      row('all on demand', usd(p.allOnDemandUsd)),
      row('break-even', p.breakEvenUtilization === null ? 'unknown (unpriced)' : pct(p.breakEvenUtilization)),
    );
  } else {
    lines.push(
      `${title}: subscription on ${p.provider}`,
      row('period', span),
      row('plan', `${usd(p.perMonthUsd)}/month → ${usd(p.planUsd)} for the period`),
      row(
        'requests',
        `${count(p.requests)}${p.unpricedRequests > 0 ? ` (${p.unpricedRequests} unpriced)` : ''}, ` +
          `${count(p.tokens.total)} tokens, ${usd(p.listPriceUsd)} at list prices` +
          (p.valueRatio === null ? '' : ` (${p.valueRatio.toFixed(2)}× the plan)`),
      ),
    );
    if (p.windows.length === 0) lines.push(row('windows', 'none reported yet'));
    p.windows.forEach((w, i) =>
      lines.push(
        row(
          i === 0 ? 'windows' : '',
          `${w.window}: ${w.utilization === null ? '?' : pct(w.utilization)} used` +
            (w.resetsInMs === null
              ? ''
              : w.resetsInMs <= 0
                ? ', reset since'
                : `, resets in ${duration(w.resetsInMs)}`) +
            (w.status ? ` (${w.status})` : ''),
        ),
      ),
    );
  }
  lines.push(row('recommendation', p.recommendation.summary));
  for (const line of p.recommendation.explanation.split('\n')) lines.push(`    ${line}`);
  return lines;
}

function count(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', `${rest} min`].filter(Boolean).join(' ');
}
