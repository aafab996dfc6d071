import { createReadStream, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Reads a file line by line without holding it in memory (session logs can run to hundreds of megabytes). */
export async function* readLines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    input.destroy();
  }
}

/** A line that cannot be a whole JSON object: cheap to test, so lines that are never parsed are still checked. */
export function isTruncatedObject(trimmed: string): boolean {
  return !trimmed.startsWith('{') || !trimmed.endsWith('}');
}

/**
 * Every `*.jsonl` file under the given roots (a root may also be a file), sorted by path so runs are
 * reproducible; a file reached twice (symlinks, overlapping roots) is listed once. Symlinked directories are
 * not followed, which also rules out loops.
 */
export function findJsonlFiles(roots: readonly string[], accept: (name: string) => boolean): string[] {
  const found = new Map<string, string>();
  const add = (file: string) => {
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      return;
    }
    if (!found.has(real)) found.set(real, file);
  };
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.jsonl') && accept(entry.name)) add(path);
    }
  };
  for (const root of roots) {
    let stats;
    try {
      stats = statSync(root);
    } catch {
      continue;
    }
    if (stats.isFile()) add(root);
    else if (stats.isDirectory()) walk(root);
  }
  return [...found.values()].sort();
}

/** Comma-separated directories, as Claude Code tooling (ccusage) accepts CLAUDE_CONFIG_DIR. */
export function splitDirs(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export interface LocateOptions {
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/**
 * Where Claude Code keeps its transcripts: `<config dir>/projects/<project>/<session>.jsonl`, sub-agents in
 * `<project>/<session>/subagents/agent-<id>.jsonl`. The config dir is CLAUDE_CONFIG_DIR, else ~/.claude; older
 * releases used ~/.config/claude, which is read too when it exists.
 */
export function claudeCodeLogRoots(options: LocateOptions = {}): string[] {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  const configured = splitDirs(env.CLAUDE_CONFIG_DIR);
  const dirs = configured.length > 0 ? configured : [join(home, '.config', 'claude'), join(home, '.claude')];
  return dirs.map((dir) => join(dir, 'projects'));
}

/** Where Codex keeps its rollouts: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl` (and archived_sessions). */
export function codexLogRoots(options: LocateOptions = {}): string[] {
  const env = options.env ?? process.env;
  const codexHome = env.CODEX_HOME || join(options.home ?? homedir(), '.codex');
  return [join(codexHome, 'sessions'), join(codexHome, 'archived_sessions')];
}

/**
 * The roots for a path the user named: a tool's home (with `projects/` or `sessions/` inside) is narrowed to
 * its logs; any other file or directory is read as given.
 */
export function rootsForPath(path: string, kind: 'claude-code' | 'codex'): string[] {
  if (kind === 'claude-code' && existsSync(join(path, 'projects'))) return [join(path, 'projects')];
  if (kind === 'codex' && existsSync(join(path, 'sessions'))) {
    return [join(path, 'sessions'), join(path, 'archived_sessions')];
  }
  return [path];
}
