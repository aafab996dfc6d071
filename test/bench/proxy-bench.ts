import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopChild, type SpawnedChild } from './children';
import {
  evaluateTargets,
  pairLoad,
  pairSequential,
  type Figures,
  type LoadPair,
  type SequentialPair,
} from './figures';
import { runLoad } from './load';
import { memoryOf, type Memory } from './proc';
import {
  countLoggedRequests,
  REPO_ROOT,
  startProxyProcess,
  startUpstreamProcess,
  type ProxyProcess,
} from './processes';
import { findProfile, summarizeProfile } from './profile';
import { renderReport } from './report';
import { directRequest, SCENARIOS, type Scenario } from './scenarios';
import { runSequential } from './sequential';

const USAGE = `npm run bench -- [--quick] [--json] [--profile]
  --quick    ~20 s smoke run (short runs, same scenarios)
  --json     print the figures as JSON on stdout (progress still goes to stderr)
  --profile  run the proxy under node --cpu-prof and print where its CPU time went`;

function readFlags() {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        profile: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

const flags = readFlags();

const PLAN = flags.quick
  ? { loadSeconds: 1, warmupSeconds: 0.5, sequentialSeconds: 1, sequentialWarmup: 0.25 }
  : { loadSeconds: 6, warmupSeconds: 1.5, sequentialSeconds: 3, sequentialWarmup: 0.5 };
const CONCURRENCY = [1, 64] as const;

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

class BenchBroken extends Error {}

/** One request each way per scenario: a misrouted or failing setup must not be benchmarked as if fine. */
async function sanityCheck(url: string, scenario: Scenario, label: 'direct' | 'proxy'): Promise<void> {
  const request = label === 'direct' ? directRequest(scenario) : scenario;
  const response = await fetch(url + request.path, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  if (response.status !== 200 || !text.includes(request.expect)) {
    throw new BenchBroken(`${label} ${scenario.id}: status ${response.status}, body ${text.slice(0, 300)}`);
  }
}

interface Measured {
  load: LoadPair[];
  sequential: SequentialPair[];
  memory: Memory | null;
  sentThroughProxy: number;
}

async function measure(directUrl: string, proxy: ProxyProcess): Promise<Measured> {
  let sent = 0;
  for (const scenario of SCENARIOS) {
    await sanityCheck(directUrl, scenario, 'direct');
    await sanityCheck(proxy.url, scenario, 'proxy');
    sent += 1;
  }
  const load: LoadPair[] = [];
  for (const scenario of SCENARIOS) {
    for (const connections of CONCURRENCY) {
      progress(`${scenario.id} c=${connections}: direct`);
      const direct = await runLoad(
        directUrl,
        scenario,
        connections,
        PLAN.loadSeconds,
        PLAN.warmupSeconds,
        'direct',
      );
      progress(`${scenario.id} c=${connections}: through the proxy`);
      const proxied = await runLoad(
        proxy.url,
        scenario,
        connections,
        PLAN.loadSeconds,
        PLAN.warmupSeconds,
        'proxy',
      );
      sent += proxied.warmupSent + proxied.result.sent;
      for (const [side, run] of [
        ['direct', direct.result],
        ['proxy', proxied.result],
      ] as const) {
        if (run.completed - run.non2xx <= 0)
          throw new BenchBroken(`${scenario.id} ${side}: no successful response`);
      }
      load.push(pairLoad(scenario.id, direct.result, proxied.result));
    }
  }
  const sequential: SequentialPair[] = [];
  for (const scenario of SCENARIOS) {
    progress(`${scenario.id} c=1: hrtime loop, direct and proxy alternating`);
    const run = await runSequential(
      directUrl,
      proxy.url,
      scenario,
      PLAN.sequentialSeconds,
      PLAN.sequentialWarmup,
    );
    sent += run.proxySent;
    sequential.push(pairSequential(scenario.id, run.direct, run.proxy, run.failures));
  }
  return { load, sequential, memory: memoryOf(proxy.child.workerPid), sentThroughProxy: sent };
}

async function stopQuietly(child: SpawnedChild | undefined): Promise<void> {
  if (!child) return;
  try {
    const code = await stopChild(child);
    if (code !== 0) progress(`${child.name} exited with code ${code}\n${child.stderrTail()}`);
  } catch (error) {
    progress(`could not stop ${child.name}: ${(error as Error).message}`);
  }
}

async function main(): Promise<number> {
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const loadBefore = loadavg()[0] ?? 0;
  const profileDir = flags.profile ? mkdtempSync(join(tmpdir(), 'farebox-bench-prof-')) : null;
  progress('starting the fake upstream and the proxy (farebox serve) as child processes');
  const upstream = await startUpstreamProcess();
  let proxy: ProxyProcess | undefined;
  let measured: Measured;
  try {
    proxy = await startProxyProcess(
      upstream.url,
      profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    );
    progress(`upstream ${upstream.url}, proxy ${proxy.url} (worker pid ${proxy.child.workerPid})`);
    measured = await measure(upstream.url, proxy);
  } finally {
    await stopQuietly(proxy?.child);
    await stopQuietly(upstream.child);
  }
  const log = countLoggedRequests(proxy.dataDir);
  rmSync(proxy.tempDir, { recursive: true, force: true });

  const figures: Figures = {
    meta: {
      node: process.version,
      cpus: availableParallelism(),
      quick: flags.quick,
      loadAverageBefore: loadBefore,
      profiled: profileDir !== null,
      loadSeconds: PLAN.loadSeconds,
      warmupSeconds: PLAN.warmupSeconds,
      sequentialSeconds: PLAN.sequentialSeconds,
    },
    load: measured.load,
    sequential: measured.sequential,
    proxyMemory: measured.memory,
    requestLog: { ...log, sent: measured.sentThroughProxy },
    targets: evaluateTargets(measured.load, measured.sequential, measured.memory),
  };
  process.stdout.write(flags.json ? `${JSON.stringify(figures, null, 2)}\n` : `${renderReport(figures)}\n`);

  if (profileDir) {
    const file = findProfile(profileDir, proxy.child.workerPid);
    const text = file ? summarizeProfile(file, REPO_ROOT) : `no CPU profile found in ${profileDir}`;
    (flags.json ? process.stderr : process.stdout).write(`\n${text}\n`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    progress(
      `bench broken: ${error instanceof BenchBroken ? error.message : (error.stack ?? error.message)}`,
    );
    process.exitCode = 1;
  },
);
