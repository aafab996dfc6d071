import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** better-sqlite3 addon for this runtime; Electron passes its own ABI build. */
  nativeBinding?: string;
  migrations?: readonly Migration[];
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL keeps every commit across a process crash (only a power loss can drop the last ones).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Checkpoints normally run while the proxy is idle (idle-checkpoint.ts); this bounds the WAL (~16 MB) under
  // sustained load.
  db.pragma('wal_autocheckpoint = 4000');
  db.pragma('foreign_keys = ON');
  migrate(db, options.migrations ?? MIGRATIONS);
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Map(
    db
      .prepare<[], { id: number; hash: string }>('SELECT id, hash FROM _migrations')
      .all()
      .map((row) => [row.id, row.hash]),
  );
  const record = db.prepare('INSERT INTO _migrations (id, name, hash, applied_at) VALUES (?, ?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
    const hash = createHash('sha256').update(migration.sql).digest('hex');
    const known = applied.get(migration.id);
    if (known !== undefined) {
      if (known !== hash) {
        throw new Error(`Migration ${migration.id} (${migration.name}) changed after it was applied.`);
      }
      continue;
    }
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, migration.name, hash, Date.now());
      db.pragma(`user_version = ${migration.id}`);
    })();
  }
}
