import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../../electron/cli/commands';
import { importLogs } from '../../../../electron/cli/import-command';
import type { ImportSummary } from '../../../../electron/core/import/import-types';
import { databasePath, journalPath } from '../../../../electron/core/paths';
import { openDatabase } from '../../../../electron/core/store/open-database';
import { entryToRow } from '../../../../electron/core/store/request-entry';
import { RequestJournal } from '../../../../electron/core/store/request-journal';
import { CLAUDE_DIR, CODEX_DIR, proxyEntry } from './import-fixtures';

let dataDir: string;
let out: string[];
let err: string[];
const io = {
  out: (text: string) => out.push(text),
  err: (text: string) => err.push(text),
};

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'farebox-import-cli-'));
  out = [];
  err = [];
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function storedRows(): number {
  const db = openDatabase(databasePath(dataDir));
  try {
    return db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM requests').get()!.n;
  } finally {
    db.close();
  }
}

describe('farebox import', () => {
  it('imports Claude Code logs, with progress on stderr and a summary on stdout', async () => {
    const summary = await importLogs({ dataDir, source: 'claude-code', path: CLAUDE_DIR }, io);
    expect(summary.imported).toBe(8);
    expect(storedRows()).toBe(8);
    // 10 duplicates + 1 synthetic message.
    expect(err.at(-1)).toBe('farebox: importing claude-code: 4/4 files, 8 imported, 11 skipped');
    expect(out).toHaveLength(1);
    expect(out[0]).toContain(
      'Imported 8 request(s) from 4 Claude Code log file(s): $0.193372 at list prices',
    );
    expect(out[0]).toContain('1 request(s) are unpriced');
    expect(out[0]).toContain('skipped: 10 duplicate(s), 0 already recorded by the proxy, 1 without usage');
    expect(out[0]).toContain('1 malformed line(s) ignored');
  });

  it('prints the summary as JSON with --json', async () => {
    await importLogs({ dataDir, source: 'codex', path: CODEX_DIR, json: true }, io);
    const summary = JSON.parse(out[0]!) as ImportSummary;
    expect(summary).toMatchObject({ source: 'codex', files: 2, imported: 6, duplicates: 6, malformed: 1 });
  });

  it('counts requests still in the proxy journal as proxied', async () => {
    const journal = new RequestJournal(journalPath(dataDir));
    journal.append([entryToRow(proxyEntry({}))]);
    journal.close();
    const summary = await importLogs({ dataDir, source: 'claude-code', path: CLAUDE_DIR }, io);
    expect(summary).toMatchObject({ imported: 7, alreadyProxied: 1 });
    expect(storedRows()).toBe(8);
  });

  it('stores Claude Code calls as subscription traffic with --billing subscription', async () => {
    const summary = await importLogs(
      { dataDir, source: 'claude-code', path: CLAUDE_DIR, billing: 'subscription', json: true },
      io,
    );
    expect(summary.imported).toBe(8);
    const db = openDatabase(databasePath(dataDir));
    try {
      expect(db.prepare('SELECT DISTINCT billing FROM requests').all()).toEqual([
        { billing: 'subscription' },
      ]);
    } finally {
      db.close();
    }
  });

  it('says so when there are no logs', async () => {
    const empty = join(dataDir, 'empty');
    mkdirSync(empty);
    await importLogs({ dataDir, source: 'codex', path: empty }, io);
    expect(out).toEqual([`No Codex logs found in ${empty}`]);
  });

  it('rejects an unknown tool, billing or path as usage errors', async () => {
    await expect(importLogs({ dataDir, source: 'gemini-cli' }, io)).rejects.toThrow(UsageError);
    await expect(importLogs({ dataDir }, io)).rejects.toThrow(/claude-code\|codex/);
    await expect(importLogs({ dataDir, source: 'codex', billing: 'pool' }, io)).rejects.toThrow(UsageError);
    await expect(importLogs({ dataDir, source: 'codex', path: join(dataDir, 'nope') }, io)).rejects.toThrow(
      UsageError,
    );
  });
});
