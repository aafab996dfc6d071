import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { descendantsOf } from './proc';

export interface SpawnedChild {
  name: string;
  child: ChildProcess;
  /**
   * The process doing the work. `npx tsx` runs the script two or three processes down (npx, sh, the tsx
   * launcher); memory and signals must target that leaf, not the launcher we spawned.
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
  env?: NodeJS.ProcessEnv;
  ready: RegExp;
  timeoutMs?: number;
}

const STDERR_KEEP = 8192;

/** Spawns a process and resolves once a stdout line matches `ready`; rejects if it exits or times out first. */
export function spawnUntilReady(options: SpawnOptions): Promise<SpawnedChild> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_KEEP);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} did not become ready within ${options.timeoutMs ?? 30_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited early (code ${code})\n${stderr}`));
    });
    lines.on('line', (line) => {
      const match = options.ready.exec(line);
      if (!match || child.pid === undefined) return;
      clearTimeout(timer);
      const chain = descendantsOf(child.pid);
      resolve({
        name: options.name,
        child,
        workerPid: chain[chain.length - 1] ?? child.pid,
        match,
        exited,
        stderrTail: () => stderr,
      });
    });
  });
}

/** Sends SIGTERM to the worker and waits for the spawned launcher to exit; SIGKILL after a grace period. */
export async function stopChild(spawned: SpawnedChild, graceMs = 15_000): Promise<number | null> {
  process.kill(spawned.workerPid, 'SIGTERM');
  const timer = setTimeout(() => {
    for (const pid of [spawned.workerPid, spawned.child.pid]) {
      if (pid === undefined) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }, graceMs);
  const code = await spawned.exited;
  clearTimeout(timer);
  return code;
}
