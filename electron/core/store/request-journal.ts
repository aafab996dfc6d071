import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { COLUMNS, FIRST_COLUMN_COUNT, type RequestRow } from './request-entry';

/**
 * An append-only file of finished request rows, one JSON line each, written before the proxy ends a
 * response. One small write() makes the row survive a crash of the process (the same guarantee as SQLite's
 * WAL with synchronous=NORMAL) at a fraction of a transaction's cost, so the SQLite insert can happen later
 * in large batches, off the response's path. Once a batch is in SQLite the journal is emptied; whatever is
 * still in it at start-up is replayed.
 */
export class RequestJournal {
  private readonly fd: number;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }

  /** Appends rows; returns false if the write failed (disk full), in which case nothing can be assumed durable. */
  append(rows: readonly RequestRow[]): boolean {
    let text = '';
    // A line is the row's values in column order: half the bytes of an object, and less garbage.
    for (const row of rows) text += `${JSON.stringify(COLUMNS.map((column) => row[column]))}\n`;
    try {
      writeSync(this.fd, text);
      return true;
    } catch {
      return false;
    }
  }

  /** Empties the journal once everything in it is committed to SQLite. */
  clear(): void {
    try {
      ftruncateSync(this.fd, 0);
    } catch {
      // A journal that could not be emptied is replayed harmlessly: replay skips rows already stored.
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Rows in a journal file; a line cut short by a crash is ignored. */
export function readJournal(file: string): RequestRow[] {
  if (!existsSync(file)) return [];
  const rows: RequestRow[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const values = JSON.parse(line) as unknown;
      // Columns are only ever appended: a line written by an older version lacks the newest ones.
      if (!Array.isArray(values) || values.length < FIRST_COLUMN_COUNT || values.length > COLUMNS.length)
        continue;
      const row = Object.fromEntries(
        COLUMNS.map((column, i) => [column, i < values.length ? values[i] : null]),
      ) as unknown as RequestRow;
      if (typeof row.id === 'string' && typeof row.started_at === 'number') rows.push(row);
    } catch {
      // Torn last line: that request's response never completed to the client.
    }
  }
  return rows;
}
