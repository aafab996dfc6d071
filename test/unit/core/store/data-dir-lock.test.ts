import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../../../electron/core/store/data-dir-lock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lockDataDir', () => {
  it('refuses a data directory held by another running process', () => {
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(join(dir, 'farebox.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(/Another Farebox \(process \d+\) is using/);
  });

  it('takes over a lock left by a process that has exited, and releases it', () => {
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dir, 'farebox.lock'), exited.stdout.toString());
    const lock = lockDataDir(dir);
    expect(existsSync(join(dir, 'farebox.lock'))).toBe(true);
    lock.release();
    expect(existsSync(join(dir, 'farebox.lock'))).toBe(false);
  });
});
