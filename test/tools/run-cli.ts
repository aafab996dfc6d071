import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CliRunOptions {
  /** Executable and arguments; node launchers are run with this process's own node. */
  command: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Where to write the connect() trace when strace is available. */
  traceDir: string;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** Every IPv4/IPv6 address the CLI (and its children) connected to; null when strace is unavailable. */
  connections: string[] | null;
}

let straceWorks: boolean | undefined;

/** strace needs ptrace, which some containers forbid; probe once. */
export function canTrace(): boolean {
  straceWorks ??= spawnSync('strace', ['-qq', '-e', 'trace=none', 'true'], { stdio: 'ignore' }).status === 0;
  return straceWorks;
}

/**
 * Runs a CLI in its own process group, so a timeout or a failing test can kill it together with whatever
 * it spawned (Gemini CLI relaunches itself, Codex's launcher spawns the native binary, tools spawn shells).
 */
export function runCli(options: CliRunOptions): Promise<CliRun> {
  const trace = canTrace() ? join(options.traceDir, 'connect.trace') : null;
  const [command, args] = trace
    ? ['strace', ['-f', '-qq', '-e', 'trace=connect', '-o', trace, options.command, ...options.args]]
    : [options.command, [...options.args]];
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    // stdin closed: every CLI must run without a terminal or a human.
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, options.timeoutMs);
  // If the test worker itself goes away mid-run, the detached group must not outlive it.
  const onExit = () => killGroup(child.pid);
  process.once('exit', onExit);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      process.off('exit', onExit);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', onExit);
      // Anything the CLI left running in the background goes too.
      killGroup(child.pid);
      resolve({
        code,
        signal,
        timedOut,
        stdout,
        stderr,
        durationMs: Date.now() - started,
        connections: trace ? readConnections(trace) : null,
      });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

const INET = /sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/;
const INET6 = /sin6_port=htons\((\d+)\),.*inet_pton\(AF_INET6, "([^"]+)"/;

function readConnections(trace: string): string[] {
  let text: string;
  try {
    text = readFileSync(trace, 'utf8');
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.includes('connect(')) continue;
    const match = INET.exec(line) ?? INET6.exec(line);
    if (match) found.push(`${match[2]}:${match[1]}`);
  }
  return found;
}

/** Loopback only: 127.0.0.0/8, ::1, or IPv4-mapped loopback. */
export function isLoopback(address: string): boolean {
  const host = address.slice(0, address.lastIndexOf(':'));
  return host.startsWith('127.') || host === '::1' || host.startsWith('::ffff:127.');
}
