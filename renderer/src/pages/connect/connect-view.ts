import type { ConnectableTool, ToolConnection } from '../../../../shared/dashboard';
import { formatDuration } from '../../lib/format';

export const CONNECTABLE: readonly ConnectableTool[] = ['claude-code', 'codex', 'gemini-cli'];

export function isConnectable(tool: ToolConnection['tool']): tool is ConnectableTool {
  return (CONNECTABLE as readonly string[]).includes(tool);
}

/** "Seen a request 3m 05s ago" or the next step when nothing arrived yet. */
export function seenText(lastSeenAt: string | null, now: number): string {
  if (!lastSeenAt) return 'No request seen from this tool yet';
  const at = Date.parse(lastSeenAt);
  if (!Number.isFinite(at)) return 'No request seen from this tool yet';
  const ago = now - at;
  if (ago < 5_000) return 'Seen a request just now';
  return `Seen a request ${formatDuration(ago)} ago`;
}

/** Recent enough to show as live (green). */
export function seenRecently(lastSeenAt: string | null, now: number, withinMs = 15 * 60_000): boolean {
  if (!lastSeenAt) return false;
  const at = Date.parse(lastSeenAt);
  return Number.isFinite(at) && now - at <= withinMs;
}

/** The connections with one tool's lastSeenAt moved forward (never back) by a recorded request. */
export function withSeen(tools: readonly ToolConnection[], tool: string, at: string): ToolConnection[] {
  let changed = false;
  const next = tools.map((connection) => {
    if (connection.tool !== tool) return connection;
    if (connection.lastSeenAt !== null && connection.lastSeenAt >= at) return connection;
    changed = true;
    return { ...connection, lastSeenAt: at };
  });
  return changed ? next : (tools as ToolConnection[]);
}

/** What the apply state means, in words. */
export function applyStateText(connection: ToolConnection): string {
  if (connection.configPath === null) return 'Set up by hand with the snippet below';
  if (connection.applied) return 'Connected: Farebox’s settings are in the config file';
  return 'Not connected';
}

export function backupText(connection: ToolConnection): string {
  if (connection.configPath === null) return '';
  return connection.canUndo
    ? 'A backup of your previous config is kept; Undo restores it'
    : connection.applied
      ? 'No backup (the file did not exist before); Undo is not available'
      : 'No backup yet; Apply keeps one before changing the file';
}
