import { readdirSync, readFileSync } from 'node:fs';

/** Linux-only process introspection through /proc; every function degrades to "unknown" elsewhere. */

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is parenthesised and may contain spaces; ppid is the second field after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}

/** Descendants of `pid`, shallowest first, so the last one is the deepest (the worker behind launchers). */
export function descendantsOf(pid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    const child = Number(entry);
    const parent = parentOf(child);
    if (parent === null) continue;
    const list = children.get(parent) ?? [];
    list.push(child);
    children.set(parent, list);
  }
  const found: number[] = [];
  let level = children.get(pid) ?? [];
  while (level.length > 0) {
    found.push(...level);
    level = level.flatMap((p) => children.get(p) ?? []);
  }
  return found;
}

export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * The deepest process in `pid`'s tree whose command line mentions `marker`: launchers (npx, sh, the tsx
 * CLI) sit above the worker, and helpers such as esbuild's service process may sit below it.
 */
export function workerOf(pid: number, marker: string): number {
  const candidates = [pid, ...descendantsOf(pid)].filter((p) => commandLineOf(p).includes(marker));
  return candidates[candidates.length - 1] ?? pid;
}

export interface Memory {
  /** Peak resident set size (VmHWM), bytes. */
  peakRss: number;
  /** Current resident set size (VmRSS), bytes. */
  rss: number;
}

export function memoryOf(pid: number): Memory | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (key: string) => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : null;
  };
  const peakRss = kb('VmHWM');
  const rss = kb('VmRSS');
  return peakRss === null || rss === null ? null : { peakRss, rss };
}
