import { megabytes, type Figures, type LoadPair, type SequentialPair } from './figures';
import { fixed, renderTable, signed } from './table';

function loadRows(pair: LoadPair): string[][] {
  const side = (label: string, r: LoadPair['direct']) => [
    `${pair.scenario}  c=${pair.connections}`,
    label,
    fixed(r.p50Ms, 2),
    fixed(r.p99Ms, 2),
    fixed(r.meanMs, 3),
    fixed(r.requestsPerSecond, 0),
    String(r.completed),
    String(r.errors + r.non2xx),
  ];
  return [
    side('direct', pair.direct),
    side('proxy', pair.proxy),
    [
      '',
      'added',
      signed(pair.addedP50Ms, 2),
      signed(pair.addedP99Ms, 2),
      signed(pair.proxy.meanMs - pair.direct.meanMs, 3),
      `${fixed(pair.throughputRatio * 100, 1)}%`,
      '',
      '',
    ],
  ];
}

function sequentialRows(pair: SequentialPair): string[][] {
  const side = (label: string, s: SequentialPair['direct']) => [
    pair.scenario,
    label,
    String(s.count),
    fixed(s.p50Ms, 3),
    fixed(s.p90Ms, 3),
    fixed(s.p99Ms, 3),
    fixed(s.maxMs, 3),
    fixed(s.meanMs, 3),
  ];
  return [
    side('direct', pair.direct),
    side('proxy', pair.proxy),
    [
      '',
      'added',
      '',
      signed(pair.addedP50Ms, 3),
      signed(pair.proxy.p90Ms - pair.direct.p90Ms, 3),
      signed(pair.addedP99Ms, 3),
      '',
      signed(pair.proxy.meanMs - pair.direct.meanMs, 3),
    ],
  ];
}

export function renderReport(f: Figures): string {
  const m = f.meta;
  const out: string[] = [
    `Farebox proxy benchmark — node ${m.node}, ${m.cpus} CPU(s)${m.quick ? ', QUICK smoke run' : ''}`,
    'client (autocannon, this process) -> [proxy child: farebox serve] -> fake upstream child',
    `1-min load average before start: ${fixed(m.loadAverageBefore, 2)}${m.loadAverageBefore > 0.5 ? ' — WARNING: the machine was busy, figures are noisy' : ''}`,
    ...(m.profiled ? ['WARNING: the proxy ran under --cpu-prof; its figures are slower than normal'] : []),
    '',
    `A) autocannon: ${m.loadSeconds} s per run after a ${m.warmupSeconds} s warm-up (not counted).`,
    "   Latency percentiles come from autocannon's histogram, which has 1 ms resolution (sub-ms values read 0 or 1).",
    renderTable(
      ['scenario', 'path', 'p50 ms', 'p99 ms', 'mean ms', 'req/s', 'requests', 'errors'],
      f.load.flatMap(loadRows),
    ),
    '   "added" = proxy minus direct; under req/s it is proxy throughput as a percentage of direct.',
    '',
    `B) Concurrency 1, own hrtime loop: ${m.sequentialSeconds} s per scenario, one keep-alive undici Client per`,
    '   target, direct and proxied requests alternating, timed to the last body byte.',
    renderTable(
      ['scenario', 'path', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms'],
      f.sequential.flatMap(sequentialRows),
    ),
    '',
    'Targets (latency targets judged on B, throughput on A):',
    renderTable(
      ['target', 'measured', 'limit', 'result'],
      f.targets.map((t) => [
        t.name,
        `${fixed(t.measured, t.unit === 'ms' ? 3 : 1)} ${t.unit}`,
        `${t.comparator} ${t.limit} ${t.unit}`,
        t.pass ? 'PASS' : 'MISS',
      ]),
    ),
    '',
  ];
  const mem = f.proxyMemory;
  out.push(
    mem
      ? `Proxy process memory: peak RSS (VmHWM) ${fixed(megabytes(mem.peakRss), 1)} MB, current RSS (VmRSS) ${fixed(megabytes(mem.rss), 1)} MB (1 MB = 10^6 bytes)`
      : 'Proxy process memory: unavailable (no /proc)',
  );
  const log = f.requestLog;
  const outcomes = Object.entries(log.byOutcome)
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(', ');
  out.push(
    `Request log: logged ${log.rows} of ${log.sent} requests (${outcomes || 'no rows'}) — ${log.rows === log.sent ? 'PASS' : 'MISS'}`,
  );
  return out.join('\n');
}
