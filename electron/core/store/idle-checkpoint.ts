import type { Db } from './open-database';

export interface IdleCheckpoints {
  stop(): void;
}

/**
 * WAL checkpoints copy the log into the database file and fsync it, which can stall for milliseconds; they
 * run here, on a timer, only while no request is in flight, so they never delay a response. Under sustained
 * load the connection's own automatic checkpoint (a large threshold, open-database.ts) still bounds the WAL.
 */
export function startIdleCheckpoints(db: Db, isIdle: () => boolean, intervalMs = 1000): IdleCheckpoints {
  const timer = setInterval(() => {
    if (!isIdle()) return;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy (another process reading or writing): try again next time.
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
