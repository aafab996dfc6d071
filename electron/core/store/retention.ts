import type { Db } from './open-database';

const SETTING_KEY = 'retention.days';
const BATCH = 5000;

/** Days of request rows to keep (0: all), as set in the app; null when it was never set there. */
export function storedRetentionDays(db: Db): number | null {
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
    .get(SETTING_KEY);
  const days = row ? Number(row.value) : Number.NaN;
  return Number.isInteger(days) && days >= 0 ? days : null;
}

export function storeRetentionDays(db: Db, days: number): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(SETTING_KEY, String(days), Date.now());
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
