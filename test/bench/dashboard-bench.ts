/**
 * Times the dashboard's queries on a data directory's farebox.db (fill one with generate-requests.ts):
 *
 *   npx tsx test/bench/dashboard-bench.ts --data-dir DIR [--runs 5] [--json]
 *
 * Each query runs once to warm up (statement preparation, the page cache) and then `--runs` times; the median,
 * fastest and slowest run are printed. Read-only: the database is opened as the app opens it (migrations
 * already applied are a no-op) and nothing is written.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createPriceBook } from '../../electron/core/economics/price-book';
import { requestDetail } from '../../electron/core/economics/request-detail';
import { queryRequests, spendSeries, substitutionReport } from '../../electron/core/store/dashboard-queries';
import { openDatabase, type Db } from '../../electron/core/store/open-database';
import { monthStats } from '../../electron/core/store/request-queries';
import { GENERATOR_OVERRIDES } from './generate-requests';

const DAY_MS = 86_400_000;

export interface DashboardFigure {
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** What the query returned (rows, buckets, total...), to show it did real work. */
  result: string;
}

function time(name: string, runs: number, run: () => string): DashboardFigure {
  const result = run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    run();
    samples.push(performance.now() - began);
  }
  samples.sort((a, b) => a - b);
  return {
    name,
    medianMs: samples[Math.floor(samples.length / 2)]!,
    minMs: samples[0]!,
    maxMs: samples[samples.length - 1]!,
    result,
  };
}

export function benchDashboard(db: Db, runs: number): DashboardFigure[] {
  const newest = db.prepare<[], { t: number | null }>(`SELECT MAX(started_at) AS t FROM requests`).get()!.t;
  const count = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM requests`).get()!.n;
  if (newest === null) throw new Error('the database holds no requests (run generate-requests.ts first)');
  const until = newest + 1;
  const from30 = until - 30 * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  // A cursor halfway down the log, found once (not part of the timing).
  const deep = db
    .prepare<[number], { started_at: number; id: string }>(
      `SELECT started_at, id FROM requests ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET ?`,
    )
    .get(Math.floor(count / 2))!;
  const before = { startedAt: iso(deep.started_at), id: deep.id };
  const priceBook = createPriceBook({ overrides: GENERATOR_OVERRIDES });
  const detailId = db
    .prepare<[], { id: string }>(
      `SELECT id FROM requests WHERE cost_usd > 0 ORDER BY started_at DESC LIMIT 1`,
    )
    .get()?.id;
  const page = (query: Parameters<typeof queryRequests>[1]) => () => {
    const p = queryRequests(db, query);
    return `${p.rows.length} rows of ${p.total.toLocaleString('en-US')}`;
  };

  return [
    time('monthStats (this month)', runs, () => {
      const s = monthStats(db, undefined, new Date(newest));
      return `${s.requests.toLocaleString('en-US')} requests`;
    }),
    time('spendSeries 30 d by day, by model', runs, () => {
      const s = spendSeries(db, { from: iso(from30), until: iso(until), bucket: 'day', groupBy: 'model' });
      return `${s.buckets.length} buckets × ${s.series.length} series`;
    }),
    time('spendSeries 7 d by hour, by tool', runs, () => {
      const s = spendSeries(db, {
        from: iso(until - 7 * DAY_MS),
        until: iso(until),
        bucket: 'hour',
        groupBy: 'tool',
      });
      return `${s.buckets.length} buckets × ${s.series.length} series`;
    }),
    time('spendSeries 30 d by day, by project (raw log)', runs, () => {
      const s = spendSeries(db, { from: iso(from30), until: iso(until), bucket: 'day', groupBy: 'project' });
      return `${s.buckets.length} buckets × ${s.series.length} series`;
    }),
    time('substitutionReport 30 d', runs, () => {
      const s = substitutionReport(db, { from: from30, until });
      return `${s.flows.length} flows, ${s.targets.length} targets`;
    }),
    time('queryRequests first page', runs, page({})),
    time('queryRequests page halfway down the log', runs, page({ before })),
    time(
      'queryRequests filtered (tool + model glob)',
      runs,
      page({ tool: 'claude-code', model: 'claude-opus*' }),
    ),
    time('queryRequests errors, 30 d', runs, page({ outcome: 'error', from: iso(from30) })),
    time('queryRequests outcome upstream_error', runs, page({ outcome: 'upstream_error' })),
    time('queryRequests search "overloaded"', runs, page({ search: 'overloaded' })),
    time(
      'queryRequests search "haiku", 30 d, claude-code',
      runs,
      page({ search: 'haiku', tool: 'claude-code', from: iso(from30) }),
    ),
    time('requestDetail', runs, () => {
      const d = detailId ? requestDetail(db, priceBook, detailId) : null;
      return d?.breakdown ? `$${d.breakdown.totalUsd}` : 'no breakdown';
    }),
  ];
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      runs: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'];
  const runs = Number(values.runs);
  const file = dataDir ? join(dataDir, 'farebox.db') : '';
  if (!dataDir || !existsSync(file) || !(runs >= 1)) {
    process.stderr.write(
      'usage: npx tsx test/bench/dashboard-bench.ts --data-dir DIR [--runs 5] [--json]\n' +
        '  DIR/farebox.db must exist: npx tsx test/bench/generate-requests.ts --data-dir DIR\n',
    );
    process.exit(2);
  }
  const db = openDatabase(file);
  try {
    const rows = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM requests`).get()!.n;
    const figures = benchDashboard(db, Math.floor(runs));
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ rows, runs: Math.floor(runs), figures }, null, 2)}\n`);
      return;
    }
    process.stdout.write(
      `dashboard queries on ${rows.toLocaleString('en-US')} requests (median of ${runs} runs)\n`,
    );
    const width = Math.max(...figures.map((f) => f.name.length));
    for (const f of figures) {
      process.stdout.write(
        `  ${f.name.padEnd(width)}  ${f.medianMs.toFixed(1).padStart(8)} ms` +
          `  (${f.minMs.toFixed(1)}–${f.maxMs.toFixed(1)})  ${f.result}\n`,
      );
    }
  } finally {
    db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
