import type { Db } from './open-database';
import { readSetting, writeSetting } from './settings-table';

const SETTING_KEY = 'retention.days';
const BATCH = 5000;

/** Days of request rows to keep (0: all), as set in the app; null when it was never set there. */
export function storedRetentionDays(db: Db): number | null {
  const value = readSetting(db, SETTING_KEY);
  const days = value === null ? Number.NaN : Number(value);
  return Number.isInteger(days) && days >= 0 ? days : null;
}

export function storeRetentionDays(db: Db, days: number): void {
  writeSetting(db, SETTING_KEY, String(days));
}

/**
 * Deletes request rows that started before `before`, a few thousand per transaction so the proxy's own
 * writes never wait long. The hourly rollups stay: month totals, spend series and savings keep their
 * history; only the per-request log (and its details) is trimmed. Returns how many rows went.
 */
export function pruneRequests(db: Db, before: number): number {
  const remove = db.prepare<[number, number]>(
    `DELETE FROM requests WHERE rowid IN (
       SELECT rowid FROM requests WHERE started_at < ? AND outcome != 'in_flight' LIMIT ?)`,
  );
  let removed = 0;
  for (;;) {
    const changes = remove.run(before, BATCH).changes;
    removed += changes;
    if (changes < BATCH) return removed;
  }
}
