import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

/** What a backup remembers about the file before Farebox first changed it. */
export interface BackupMeta {
  version: 1;
  tool: string;
  /** The file that was changed (undo restores this one, even if the tool's home moved since). */
  path: string;
  existed: boolean;
  /** Permission bits of the original file. */
  mode: number | null;
  /** The directory Farebox had to create for a new file (removed again by undo when empty). */
  createdDir: string | null;
  takenAt: string;
  /** The proxy URL last written (undo recomputes what Farebox made of the original with it). */
  appliedUrl: string;
}

export function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Backups live in `<backupDir>/<tool>.json` (the meta, whose presence means "undo is possible") and
 * `<backupDir>/<tool>.original` (the file's exact bytes, when it existed).
 */
export class BackupStore {
  constructor(private readonly dir: string) {}

  read(tool: string): BackupMeta | null {
    const text = readOrNull(this.metaPath(tool));
    if (text === null) return null;
    try {
      const meta = JSON.parse(text.toString('utf8')) as BackupMeta;
      if (meta.version !== 1 || typeof meta.path !== 'string') return null;
      if (meta.existed && !existsSync(this.originalPath(tool))) return null;
      return meta;
    } catch {
      return null;
    }
  }

  original(tool: string): Buffer | null {
    return readOrNull(this.originalPath(tool));
  }

  /** Takes the backup: the original bytes first, then the meta that makes it count. */
  take(meta: BackupMeta, original: Buffer | null): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (original !== null) writeFileAtomic(this.originalPath(meta.tool), original, 0o600);
    this.update(meta);
  }

  update(meta: BackupMeta): void {
    writeFileAtomic(this.metaPath(meta.tool), `${JSON.stringify(meta, null, 2)}\n`, 0o600);
  }

  remove(tool: string): void {
    removeIfPresent(this.metaPath(tool));
    removeIfPresent(this.originalPath(tool));
  }

  private metaPath(tool: string): string {
    return join(this.dir, `${tool}.json`);
  }

  private originalPath(tool: string): string {
    return join(this.dir, `${tool}.original`);
  }
}

/**
 * Writes through a symlink (a dotfiles repo often links these files) to a temp file beside the target, then
 * renames it over the target, so a crash never leaves half a config. Keeps the target's permission bits.
 */
export function writeFileAtomic(path: string, data: Buffer | string, newFileMode = 0o644): void {
  const target = realTarget(path);
  mkdirSync(dirname(target), { recursive: true });
  const mode = modeOf(target) ?? newFileMode;
  const temp = `${target}.farebox-${process.pid}-${Date.now()}.tmp`;
  writeFileSync(temp, data, { mode });
  try {
    chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (error) {
    // Windows refuses to rename over a file another process holds open: write in place instead.
    removeIfPresent(temp);
    if (
      (error as NodeJS.ErrnoException).code !== 'EPERM' &&
      (error as NodeJS.ErrnoException).code !== 'EBUSY'
    )
      throw error;
    writeFileSync(target, data);
  }
}

export function modeOf(path: string): number | null {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return null;
  }
}

/** The nearest ancestor of `path`'s directory that does not exist yet (what writing the file will create). */
export function firstMissingDir(path: string): string | null {
  let dir = dirname(resolve(path));
  let missing: string | null = null;
  while (!existsSync(dir)) {
    missing = dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return missing;
}

/** Deletes the file, then the directories up to `createdDir` that Farebox created and that are now empty. */
export function removeFileAndCreatedDirs(path: string, createdDir: string | null): void {
  removeIfPresent(path);
  if (createdDir === null) return;
  let dir = dirname(resolve(path));
  const stop = resolve(createdDir);
  while (dir === stop || dir.startsWith(stop + sep)) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
    if (dir === stop) return;
    dir = dirname(dir);
  }
}

function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
