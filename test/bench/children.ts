import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { workerOf } from './proc';

export interface SpawnedChild {
  name: string;
  child: ChildProcess;
  /**
   * The process doing the work. `npx tsx` runs the script three processes down (npx, sh, the tsx CLI);
   * memory, profiles and signals must target that worker, not the launcher we spawned.
   */
  workerPid: number;
  /** The first stdout line that matched the readiness pattern. */
  match: RegExpExecArray;
  exited: Promise<number | null>;
  stderrTail(): string;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  ready: RegExp;
  /** Text in the worker process's command line (see SpawnedChild.workerPid). */
  workerMarker: string;
  timeoutMs?: number;
}

const STDERR_KEEP = 8192;

function signal(pid: number | undefined, name: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

// If the bench dies half-way its children must not outlive it, and npx does not forward signals to tsx.
const running = new Set<number>();
process.once('exit', () => running.forEach((pid) => signal(pid, 'SIGTERM')));

/** Spawns a process and resolves once a stdout line matches `ready`; rejects if it exits or times out first. */
export function spawnUntilReady(options: SpawnOptions): Promise<SpawnedChild> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const child = spawn(options.command, options.args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const launcherPid = child.pid;
  if (launcherPid !== undefined) running.add(launcherPid);
  let workerPid = launcherPid;
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_KEEP);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => {
    if (launcherPid !== undefined) running.delete(launcherPid);
    if (workerPid !== undefined) running.delete(workerPid);
  });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (launcherPid !== undefined) signal(workerOf(launcherPid, options.workerMarker), 'SIGKILL');
      signal(launcherPid, 'SIGKILL');
      reject(new Error(`${options.name} did not become ready within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited early (code ${code})\n${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = options.ready.exec(line);
      if (!match || launcherPid === undefined) return;
      clearTimeout(timer);
      workerPid = workerOf(launcherPid, options.workerMarker);
      running.add(workerPid);
      resolve({ name: options.name, child, workerPid, match, exited, stderrTail: () => stderr });
    });
  });
}

/** Sends SIGTERM to the worker and waits for the spawned launcher to exit; SIGKILL after a grace period. */
export async function stopChild(spawned: SpawnedChild, graceMs = 15_000): Promise<number | null> {
  signal(spawned.workerPid, 'SIGTERM');
  const timer = setTimeout(() => {
    signal(spawned.workerPid, 'SIGKILL');
    signal(spawned.child.pid, 'SIGKILL');
  }, graceMs);
  const code = await spawned.exited;
  clearTimeout(timer);
  return code;
}
