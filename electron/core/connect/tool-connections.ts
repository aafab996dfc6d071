import { join, resolve } from 'node:path';
import type { ConnectableTool, ToolConnection } from '../../../shared/dashboard';
import { splitDirs } from '../import/log-files';
import type { Db } from '../store/open-database';
import { applyClaude, claudeIsApplied, claudeSnippet, revertClaude } from './claude-settings';
import { applyCodex, codexIsApplied, codexSnippet, revertCodex } from './codex-config';
import {
  BackupStore,
  firstMissingDir,
  modeOf,
  readOrNull,
  removeFileAndCreatedDirs,
  writeFileAtomic,
  type BackupMeta,
} from './connect-files';
import { applyGemini, geminiIsApplied, geminiSnippet, revertGemini } from './gemini-env';
import { MANUAL_TOOLS } from './manual-tools';

export interface ConnectEnv {
  /** The user's home directory (tests pass a temp dir). */
  home: string;
  /** The proxy's base URL, e.g. http://127.0.0.1:3273. */
  proxyUrl: string;
  /** Where backups are kept (inside the data directory). */
  backupDir: string;
  env: NodeJS.ProcessEnv;
}

/** A refusal the dashboard can show as is (`code` survives IPC, see electron/main/ipc.ts). */
export class ConnectError extends Error {
  constructor(
    readonly code: 'invalid_tool' | 'unreadable_config' | 'backup_elsewhere',
    message: string,
  ) {
    super(message);
  }
}

/** A tool Farebox can point at itself by editing one file. */
interface FileTool {
  tool: ConnectableTool;
  title: string;
  path: (env: ConnectEnv) => string;
  /** Permission bits for a file Farebox creates. */
  newFileMode: number;
  isApplied: (text: string | null, proxyUrl: string) => boolean;
  /** The file with Farebox's setting in it; throws when the file cannot be read safely. Idempotent. */
  apply: (text: string | null, proxyUrl: string) => string;
  /** Farebox's setting taken out of a file that changed since; null: delete the file. */
  revert: (current: string, original: string | null, appliedUrl: string) => string | null;
  snippet: (proxyUrl: string) => string;
  note: string | null;
}

const FILE_TOOLS: Record<ConnectableTool, FileTool> = {
  'claude-code': {
    tool: 'claude-code',
    title: 'Claude Code',
    // Claude Code reads its settings from CLAUDE_CONFIG_DIR when set, else ~/.claude.
    path: (env) =>
      join(splitDirs(env.env.CLAUDE_CONFIG_DIR)[0] ?? join(env.home, '.claude'), 'settings.json'),
    newFileMode: 0o644,
    isApplied: claudeIsApplied,
    apply: applyClaude,
    revert: revertClaude,
    snippet: claudeSnippet,
    note: null,
  },
  codex: {
    tool: 'codex',
    title: 'Codex CLI',
    path: (env) =>
      join(env.env.CODEX_HOME ? resolve(env.env.CODEX_HOME) : join(env.home, '.codex'), 'config.toml'),
    newFileMode: 0o644,
    isApplied: codexIsApplied,
    apply: applyCodex,
    revert: (current, original) => revertCodex(current, original),
    snippet: codexSnippet,
    note:
      'Codex then sends OPENAI_API_KEY as its key (a ChatGPT sign-in is not used through this provider); ' +
      'with a key configured in Farebox, any value works. A profile that sets its own model_provider wins.',
  },
  'gemini-cli': {
    tool: 'gemini-cli',
    title: 'Gemini CLI',
    path: (env) => join(env.home, '.gemini', '.env'),
    // The same file usually holds GEMINI_API_KEY.
    newFileMode: 0o600,
    isApplied: geminiIsApplied,
    apply: applyGemini,
    revert: revertGemini,
    snippet: geminiSnippet,
    note:
      'Works with API-key auth (GEMINI_API_KEY); "Login with Google" traffic goes to Code Assist and ' +
      'bypasses any base URL. A .env file in your project takes precedence over ~/.gemini/.env.',
  },
};

const TOOL_ORDER: ReadonlyArray<ToolConnection['tool']> = [
  'claude-code',
  'codex',
  'gemini-cli',
  ...MANUAL_TOOLS.map((t) => t.tool),
];

/** Every tool: whether Farebox's settings are in its config now, whether undo is possible, when it was last seen. */
export function listConnections(db: Db, env: ConnectEnv): ToolConnection[] {
  const lastSeen = lastSeenByTool(db);
  const backups = new BackupStore(env.backupDir);
  const proxyUrl = normalizeUrl(env.proxyUrl);
  const fileTools = Object.values(FILE_TOOLS).map((def) =>
    fileConnection(def, env, proxyUrl, backups, lastSeen.get(def.tool) ?? null),
  );
  const manual = MANUAL_TOOLS.map((def): ToolConnection => ({
    tool: def.tool,
    title: def.title,
    snippet: def.snippet(proxyUrl),
    configPath: null,
    applied: false,
    canUndo: false,
    lastSeenAt: lastSeen.get(def.tool) ?? null,
    note: def.note,
  }));
  return [...fileTools, ...manual];
}

/**
 * Writes Farebox's setting into the tool's config. The file as it was before (or the fact that there was
 * none) is backed up first, once: applying again keeps the first backup, so undo always returns to the state
 * before Farebox. Nothing is written when the file cannot be read safely.
 */
export function applyConnection(db: Db, env: ConnectEnv, tool: ConnectableTool): ToolConnection {
  const def = fileTool(tool);
  const proxyUrl = normalizeUrl(env.proxyUrl);
  const backups = new BackupStore(env.backupDir);
  const path = def.path(env);
  const meta = backups.read(tool);
  if (meta && meta.path !== path) {
    throw new ConnectError(
      'backup_elsewhere',
      `${def.title} was connected through ${meta.path}; undo that first, then connect ${path}.`,
    );
  }
  const current = readOrNull(path);
  let next: Buffer;
  try {
    next = Buffer.from(def.apply(current === null ? null : current.toString('utf8'), proxyUrl), 'utf8');
  } catch (error) {
    throw new ConnectError(
      'unreadable_config',
      `${path}: ${(error as Error).message}. Farebox changed nothing; fix the file or use the snippet.`,
    );
  }
  if (!meta) {
    const fresh: BackupMeta = {
      version: 1,
      tool,
      path,
      existed: current !== null,
      mode: current === null ? null : modeOf(path),
      createdDir: current === null ? firstMissingDir(path) : null,
      takenAt: new Date().toISOString(),
      appliedUrl: proxyUrl,
    };
    backups.take(fresh, current);
    try {
      if (current === null || !current.equals(next)) writeFileAtomic(path, next, def.newFileMode);
    } catch (error) {
      backups.remove(tool);
      throw error;
    }
  } else {
    if (current === null || !current.equals(next)) writeFileAtomic(path, next, def.newFileMode);
    if (meta.appliedUrl !== proxyUrl) backups.update({ ...meta, appliedUrl: proxyUrl });
  }
  return connectionFor(db, env, tool);
}

/**
 * Undoes applyConnection. When the file is exactly what Farebox made of the original, the original comes back
 * byte for byte (or the file goes, with the directories Farebox created for it). When it changed since (the
 * tool or the user edited it), only Farebox's setting is taken out, so those edits survive. The backup is
 * removed afterwards; without one, nothing happens.
 */
export function undoConnection(db: Db, env: ConnectEnv, tool: ConnectableTool): ToolConnection {
  const def = fileTool(tool);
  const backups = new BackupStore(env.backupDir);
  const meta = backups.read(tool);
  if (!meta) return connectionFor(db, env, tool);
  const original = meta.existed ? backups.original(tool) : null;
  const current = readOrNull(meta.path);
  if (current === null) {
    if (original !== null) restore(meta, original);
  } else {
    const currentText = current.toString('utf8');
    const originalText = original === null ? null : original.toString('utf8');
    if (currentText === expectedAfterApply(def, originalText, meta.appliedUrl)) {
      if (original !== null) restore(meta, original);
      else removeFileAndCreatedDirs(meta.path, meta.createdDir);
    } else {
      let reverted: string | null;
      try {
        reverted = def.revert(currentText, originalText, meta.appliedUrl);
      } catch (error) {
        throw new ConnectError(
          'unreadable_config',
          `${meta.path} changed since Farebox edited it and cannot be read (${(error as Error).message}); ` +
            `nothing was undone. Remove the Farebox setting by hand, or fix the file and undo again.`,
        );
      }
      if (reverted === null) removeFileAndCreatedDirs(meta.path, meta.createdDir);
      else if (reverted !== currentText) writeFileAtomic(meta.path, reverted, def.newFileMode);
    }
  }
  backups.remove(tool);
  return connectionFor(db, env, tool);
}

function connectionFor(db: Db, env: ConnectEnv, tool: ConnectableTool): ToolConnection {
  return listConnections(db, env).find((c) => c.tool === tool)!;
}

function fileConnection(
  def: FileTool,
  env: ConnectEnv,
  proxyUrl: string,
  backups: BackupStore,
  lastSeenAt: string | null,
): ToolConnection {
  const path = def.path(env);
  let applied = false;
  try {
    const text = readOrNull(path);
    applied = def.isApplied(text === null ? null : text.toString('utf8'), proxyUrl);
  } catch {
    // Unreadable (permissions, a directory in its place): not applied.
  }
  return {
    tool: def.tool,
    title: def.title,
    snippet: def.snippet(proxyUrl),
    configPath: path,
    applied,
    canUndo: backups.read(def.tool) !== null,
    lastSeenAt,
    note: def.note,
  };
}

function expectedAfterApply(def: FileTool, original: string | null, proxyUrl: string): string | null {
  try {
    return def.apply(original, proxyUrl);
  } catch {
    return null;
  }
}

function restore(meta: BackupMeta, original: Buffer): void {
  writeFileAtomic(meta.path, original, meta.mode ?? 0o644);
}

function fileTool(tool: unknown): FileTool {
  if (typeof tool === 'string' && Object.hasOwn(FILE_TOOLS, tool)) return FILE_TOOLS[tool as ConnectableTool];
  throw new ConnectError(
    'invalid_tool',
    `Farebox configures ${Object.keys(FILE_TOOLS).join(', ')} itself; for "${String(tool)}", use its snippet.`,
  );
}

function normalizeUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The newest request the proxy saw from each tool (imported log rows were not seen through Farebox). The
 * request table has no index by tool, so the hourly rollup (small) names each tool's latest hour, and only the
 * rows from that hour on are read through the start-time index; requests still in flight are not rolled up
 * yet and come from their own partial index.
 */
function lastSeenByTool(db: Db): Map<string, string> {
  const tools = TOOL_ORDER;
  const list = tools.map(() => '?').join(', ');
  const latestHours = db
    .prepare<string[], { tool: string; hour: number }>(
      `SELECT tool, MAX(hour_start) AS hour FROM rollup_hourly WHERE tool IN (${list}) GROUP BY tool`,
    )
    .all(...tools);
  const inFlight = db
    .prepare<string[], { tool: string; last: number }>(
      `SELECT tool, MAX(started_at) AS last FROM requests
       WHERE outcome = 'in_flight' AND source = 'proxy' AND tool IN (${list}) GROUP BY tool`,
    )
    .all(...tools);
  const since = db.prepare<[number, string], { last: number | null }>(
    `SELECT MAX(started_at) AS last FROM requests WHERE started_at >= ? AND tool = ? AND source = 'proxy'`,
  );
  const before = db.prepare<[number, string], { last: number | null }>(
    `SELECT MAX(started_at) AS last FROM requests WHERE started_at < ? AND tool = ? AND source = 'proxy'`,
  );
  const last = new Map<string, number>();
  for (const { tool, hour } of latestHours) {
    // That hour may hold only imported rows: then look further back.
    const found = since.get(hour, tool)?.last ?? before.get(hour, tool)?.last ?? null;
    if (found !== null) last.set(tool, found);
  }
  for (const row of inFlight) last.set(row.tool, Math.max(row.last, last.get(row.tool) ?? 0));
  return new Map([...last].map(([tool, ms]) => [tool, new Date(ms).toISOString()]));
}
