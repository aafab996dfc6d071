import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixed, renderTable } from './table';

/** The parts of V8's .cpuprofile format (written by node --cpu-prof) that the summary reads. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The profile written by process `pid` (node names them CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile). */
export function findProfile(dir: string, pid: number): string | null {
  const name = readdirSync(dir).find((file) => file.includes(`.${pid}.`) && file.endsWith('.cpuprofile'));
  return name ? join(dir, name) : null;
}

function label(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const file = url.replace(/^file:\/\//, '').replace(root, '').replace(/^.*\/node_modules\//, 'node_modules/');
  return `${name} ${file}:${lineNumber + 1}`;
}

interface Totals {
  totalMs: number;
  self: Map<string, number>;
  inclusive: Map<string, number>;
}

function accumulate(profile: CpuProfile, root: string): Totals {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    totalMs += ms;
    const leaf = byId.get(id);
    if (!leaf) return;
    const leafLabel = label(leaf, root);
    self.set(leafLabel, (self.get(leafLabel) ?? 0) + ms);
    // Count each function once per sample even when it recurses.
    const seen = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
      const name = label(node, root);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  });
  return { totalMs, self, inclusive };
}

function top(map: Map<string, number>, count: number, totalMs: number, filter: (name: string) => boolean) {
  return [...map.entries()]
    .filter(([name]) => filter(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => [name, fixed(ms, 0), `${fixed((ms / totalMs) * 100, 1)}%`]);
}

/** Top self-time functions overall, and top inclusive time among the proxy's own code. */
export function summarizeProfile(file: string, root: string, count = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totals = accumulate(profile, root);
  const busy = (name: string) => !name.startsWith('(idle)') && !name.startsWith('(root)');
  const ours = (name: string) => name.includes(' electron/core/');
  return [
    `CPU profile ${file}: ${fixed(totals.totalMs / 1000, 1)} s sampled, ${fixed((totals.self.get('(idle)') ?? 0) / 1000, 1)} s idle`,
    '',
    'Self time (where the CPU actually was):',
    renderTable(['function', 'ms', 'share'], top(totals.self, count, totals.totalMs, busy)),
    '',
    'Inclusive time of electron/core functions (self + callees):',
    renderTable(['function', 'ms', 'share'], top(totals.inclusive, count, totals.totalMs, ours)),
  ].join('\n');
}
