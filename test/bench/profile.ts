import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixed, renderTable } from './table';

/** The parts of V8's .cpuprofile format (written by node --cpu-prof) that the summary reads. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The main-thread profile of process `pid`. Node names them CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile;
 * thread 0 is the main thread (tsx's module loader runs on another one).
 */
export function findProfile(dir: string, pid: number): string | null {
  const name = readdirSync(dir).find((file) => file.includes(`.${pid}.0.`) && file.endsWith('.cpuprofile'));
  return name ? join(dir, name) : null;
}

function fileOf(url: string, root: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(root, '')
    .replace(/^.*\/node_modules\//, 'node_modules/');
}

function label(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  // tsx's output can put a whole module on few lines; the column tells its closures apart.
  return `${name} ${fileOf(url, root)}:${lineNumber + 1}:${columnNumber + 1}`;
}

const AREAS: readonly [RegExp, string][] = [
  [/better-sqlite3|electron\/core\/store\//, 'request log: SQLite writes (better-sqlite3, store/)'],
  [/node_modules\/undici\//, 'undici: upstream HTTP client'],
  [/genai-prices|electron\/core\/economics\/|shared\/pricing/, 'pricing (genai-prices, economics/)'],
  [/eventsource-parser|electron\/core\/dialects\//, 'usage parsing (dialects/, SSE parser)'],
  [/electron\/core\/proxy\//, 'farebox proxy/ code'],
  [/^node:|^internal\//, 'node core: http server, net, streams, events'],
];

/** The area of a sample: native leaves (writev, JSON.parse ...) belong to their nearest JS caller's area. */
function areaOf(node: ProfileNode, up: (node: ProfileNode) => ProfileNode | undefined, root: string): string {
  const name = node.callFrame.functionName;
  if (name === '(garbage collector)' || name === '(program)' || name === '(idle)') return name;
  for (let at: ProfileNode | undefined = node; at; at = up(at)) {
    const url = at.callFrame.url;
    if (!url) continue;
    const file = fileOf(url, root);
    return (
      AREAS.find(([pattern]) => pattern.test(file))?.[1] ?? `other: ${file.split('/').slice(0, 2).join('/')}`
    );
  }
  return `native: ${name}`;
}

interface Totals {
  totalMs: number;
  self: Map<string, number>;
  inclusive: Map<string, number>;
  areas: Map<string, number>;
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function accumulate(profile: CpuProfile, root: string): Totals {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const up = (node: ProfileNode) => byId.get(parent.get(node.id) ?? -1);
  const totals: Totals = { totalMs: 0, self: new Map(), inclusive: new Map(), areas: new Map() };
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    totals.totalMs += ms;
    const leaf = byId.get(id);
    if (!leaf) return;
    add(totals.self, label(leaf, root), ms);
    add(totals.areas, areaOf(leaf, up, root), ms);
    // Count each function once per sample even when it recurses.
    const seen = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = up(node)) {
      const name = label(node, root);
      if (seen.has(name)) continue;
      seen.add(name);
      add(totals.inclusive, name, ms);
    }
  });
  return totals;
}

/** Rows of [name, ms, share of busy time]. */
function top(map: Map<string, number>, count: number, busyMs: number, filter: (name: string) => boolean) {
  return [...map.entries()]
    .filter(([name]) => filter(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => [name, fixed(ms, 0), `${fixed((ms / busyMs) * 100, 1)}%`]);
}

/** Top self-time functions overall, and top inclusive time among the proxy's own code. */
export function summarizeProfile(file: string, root: string, count = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totals = accumulate(profile, root);
  const idleMs = totals.self.get('(idle)') ?? 0;
  const busyMs = totals.totalMs - idleMs;
  const busy = (name: string) => name !== '(idle)' && name !== '(root)';
  const ours = (name: string) => name.includes(' electron/core/');
  return [
    `CPU profile ${file}`,
    `${fixed(totals.totalMs / 1000, 1)} s sampled, ${fixed(busyMs / 1000, 1)} s busy; shares below are of busy time.`,
    '',
    'Busy time by area (native leaves such as writev or JSON.parse count for their JS caller):',
    renderTable(['area', 'ms', 'share'], top(totals.areas, 20, busyMs, busy)),
    '',
    'Self time by function:',
    renderTable(['function', 'ms', 'share'], top(totals.self, count, busyMs, busy)),
    '',
    'Inclusive time of electron/core functions (self + callees):',
    renderTable(['function', 'ms', 'share'], top(totals.inclusive, count, busyMs, ours)),
  ].join('\n');
}
