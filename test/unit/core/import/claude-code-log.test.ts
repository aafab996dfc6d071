import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseClaudeCodeLog } from '../../../../electron/core/import/claude-code-log';
import {
  claudeCodeLogRoots,
  codexLogRoots,
  findJsonlFiles,
  rootsForPath,
} from '../../../../electron/core/import/log-files';
import { CLAUDE_DIR, CLAUDE_FILES, CODEX_DIR, MSG, S1, S2, S3, usage } from './import-fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-import-cc-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The fixture's lines, for building variations. */
function linesOf(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

function messageId(line: string): string | undefined {
  return (JSON.parse(line) as { message?: { id?: string } }).message?.id;
}

describe('parseClaudeCodeLog', () => {
  it('reads one call per assistant message, with its request id, session and normalized usage', async () => {
    const parsed = await parseClaudeCodeLog(CLAUDE_FILES.s1);
    expect(parsed.calls.map((call) => call.key)).toEqual([
      `message:${MSG.a1.id}`,
      `message:${MSG.a3.id}`,
      `message:${MSG.a2.id}`,
    ]);
    const [a1] = parsed.calls;
    expect(a1).toEqual({
      key: `message:${MSG.a1.id}`,
      altKeys: [`request:${MSG.a1.req}`],
      // The first of its three lines.
      at: Date.parse('2026-11-20T09:12:06.402Z'),
      sessionId: S1,
      altSessionIds: [],
      model: 'claude-sonnet-4-5-20250929',
      // Anthropic's input buckets are disjoint; the 1200 cache-creation tokens split 1000 (5m) + 200 (1h).
      usage: usage({
        inputTokens: 310,
        cacheReadTokens: 4000,
        cacheWrite5mTokens: 1000,
        cacheWrite1hTokens: 200,
        outputTokens: 45,
      }),
      upstreamRequestId: MSG.a1.req,
      billing: null,
    });
  });

  it('counts the repeated lines (one per content block, and a line written twice) as duplicates', async () => {
    const parsed = await parseClaudeCodeLog(CLAUDE_FILES.s1);
    // a1: 3 lines, a3 (sidechain): 2 lines, a2: the same line twice.
    expect(parsed).toMatchObject({ lines: 15, duplicates: 4, malformed: 1, noUsage: 0 });
  });

  it('keeps sidechain (sub-agent) calls', async () => {
    const parsed = await parseClaudeCodeLog(CLAUDE_FILES.s1);
    const a3 = parsed.calls.find((call) => call.key === `message:${MSG.a3.id}`);
    expect(a3).toMatchObject({
      model: 'claude-haiku-4-5-20251001',
      sessionId: S1,
      usage: usage({ inputTokens: 1500, outputTokens: 220 }),
    });
  });

  it('counts a message written four times once', async () => {
    const line = linesOf(CLAUDE_FILES.s1).find((l) => messageId(l) === MSG.a2.id)!;
    const file = join(dir, 'four.jsonl');
    writeFileSync(file, `${[line, line, line, line].join('\n')}\n`);
    const parsed = await parseClaudeCodeLog(file);
    expect(parsed.calls).toHaveLength(1);
    expect(parsed.duplicates).toBe(3);
    expect(parsed.calls[0]!.usage).toEqual(
      usage({ inputTokens: 25, cacheReadTokens: 5200, cacheWrite5mTokens: 80, outputTokens: 12 }),
    );
  });

  it('takes the final usage over a line written before message_delta, in either order', async () => {
    const parsed = await parseClaudeCodeLog(CLAUDE_FILES.subagent);
    expect(parsed).toMatchObject({ lines: 5, duplicates: 1, malformed: 0 });
    const a4 = parsed.calls[0]!;
    expect(a4.key).toBe(`message:${MSG.a4.id}`);
    expect(a4.usage.outputTokens).toBe(88);
    expect(a4.at).toBe(Date.parse('2026-11-20T09:15:22.610Z'));

    const [provisional, final] = linesOf(CLAUDE_FILES.subagent).filter((l) => messageId(l) === MSG.a4.id);
    const reversed = join(dir, 'reversed.jsonl');
    writeFileSync(reversed, `${final}\n${provisional}\n`);
    const again = await parseClaudeCodeLog(reversed);
    expect(again.calls[0]!.usage.outputTokens).toBe(88);
    expect(again.calls[0]!.at).toBe(Date.parse('2026-11-20T09:15:22.610Z'));
  });

  it('merges lines by request id when message ids differ', async () => {
    const line = linesOf(CLAUDE_FILES.s1).find((l) => messageId(l) === MSG.a2.id)!;
    const copy = JSON.parse(line) as { message: { id: string } };
    copy.message.id = 'msg_01ZZZ';
    const file = join(dir, 'by-request.jsonl');
    writeFileSync(file, `${line}\n${JSON.stringify(copy)}\n`);
    const parsed = await parseClaudeCodeLog(file);
    expect(parsed.calls).toHaveLength(1);
    expect(parsed.duplicates).toBe(1);
  });

  it('skips synthetic messages (API errors) and keeps calls to models without a price', async () => {
    const parsed = await parseClaudeCodeLog(CLAUDE_FILES.s3);
    expect(parsed).toMatchObject({ lines: 5, duplicates: 0, malformed: 0, noUsage: 1 });
    expect(parsed.calls.map((call) => [call.key, call.model, call.sessionId])).toEqual([
      [`message:${MSG.a6.id}`, 'claude-sonnet-4-5-20250929', S3],
      [`message:${MSG.a7.id}`, 'glm-4.6', S3],
    ]);
  });

  it('reads the copies an older release made on resume like any other line', async () => {
    const parsed = await parseClaudeCodeLog(CLAUDE_FILES.s2);
    expect(parsed.calls.map((call) => [call.key, call.sessionId])).toEqual([
      [`message:${MSG.a1.id}`, S1],
      [`message:${MSG.a2.id}`, S1],
      [`message:${MSG.a8.id}`, S2],
    ]);
    expect(parsed.calls[2]!.usage).toEqual(
      usage({ inputTokens: 12, cacheReadTokens: 18000, cacheWrite1hTokens: 2400, outputTokens: 640 }),
    );
  });

  it('counts lines that are not JSON objects as malformed and goes on', async () => {
    const good = linesOf(CLAUDE_FILES.s3)[1]!;
    const file = join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      `not json\n{"type":"assistant","usage":\n\n${good}\n{"type":"assistant","usage":{},}\n`,
    );
    const parsed = await parseClaudeCodeLog(file);
    expect(parsed).toMatchObject({ lines: 4, malformed: 3 });
    expect(parsed.calls).toHaveLength(1);
  });

  it('skips lines with a bad timestamp as malformed', async () => {
    const line = JSON.parse(linesOf(CLAUDE_FILES.s3)[1]!) as Record<string, unknown>;
    const file = join(dir, 'time.jsonl');
    writeFileSync(file, `${JSON.stringify({ ...line, timestamp: 'yesterday' })}\n`);
    const parsed = await parseClaudeCodeLog(file);
    expect(parsed).toMatchObject({ calls: [], malformed: 1 });
  });
});

describe('log locations', () => {
  it("finds Claude Code's transcripts, sub-agent files included, in path order", () => {
    expect(findJsonlFiles(rootsForPath(CLAUDE_DIR, 'claude-code'), () => true)).toEqual([
      CLAUDE_FILES.s3,
      CLAUDE_FILES.s1,
      CLAUDE_FILES.subagent,
      CLAUDE_FILES.s2,
    ]);
  });

  it('lists a file named directly, once', () => {
    expect(findJsonlFiles([CLAUDE_FILES.s1, CLAUDE_FILES.s1], () => true)).toEqual([CLAUDE_FILES.s1]);
  });

  it('uses CLAUDE_CONFIG_DIR (comma-separated) or ~/.claude and ~/.config/claude', () => {
    expect(claudeCodeLogRoots({ env: { CLAUDE_CONFIG_DIR: '/a, /b' }, home: '/home/u' })).toEqual([
      '/a/projects',
      '/b/projects',
    ]);
    expect(claudeCodeLogRoots({ env: {}, home: '/home/u' })).toEqual([
      '/home/u/.config/claude/projects',
      '/home/u/.claude/projects',
    ]);
  });

  it('uses CODEX_HOME or ~/.codex, active and archived sessions', () => {
    expect(codexLogRoots({ env: { CODEX_HOME: '/c' }, home: '/home/u' })).toEqual([
      '/c/sessions',
      '/c/archived_sessions',
    ]);
    expect(codexLogRoots({ env: {}, home: '/home/u' })).toEqual([
      '/home/u/.codex/sessions',
      '/home/u/.codex/archived_sessions',
    ]);
    expect(rootsForPath(CODEX_DIR, 'codex')).toEqual([
      join(CODEX_DIR, 'sessions'),
      join(CODEX_DIR, 'archived_sessions'),
    ]);
  });
});
