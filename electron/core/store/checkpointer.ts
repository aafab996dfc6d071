import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints copy the log into the database file and fsync it, which can stall for milliseconds. They run
 * here, on a worker thread with its own connection, so the proxy's event loop never waits for them; the
 * main connection only keeps a large automatic checkpoint as a backstop should this worker die.
 *
 * The worker is inline CommonJS so that it loads the same way under plain Node, tsx, Vitest and the bundled
 * Electron main process; it receives better-sqlite3's resolved path instead of resolving it itself.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const options = workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {};
const db = new Database(workerData.file, options);
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => {
  try { db.pragma('wal_checkpoint(' + mode + ')'); } catch (error) { /* busy: try again next tick */ }
};
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, nativeBinding?: string, intervalMs = 1000): Checkpointer {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, nativeBinding, modulePath, intervalMs },
  });
  worker.unref();
  // A failed checkpoint worker must not take the proxy down; the backstop keeps the WAL bounded.
  worker.on('error', () => {});
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          void worker.terminate().finally(resolve);
        };
        const timeout = setTimeout(done, 5000);
        worker.once('message', () => {
          clearTimeout(timeout);
          done();
        });
        worker.once('exit', () => {
          clearTimeout(timeout);
          resolve();
        });
        worker.postMessage('stop');
      }),
  };
}
