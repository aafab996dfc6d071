import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexTokenUsage, parseCodexLog } from '../../../../electron/core/import/codex-log';
import { CODEX_FILES, RESPONSES, T1, T2, usage } from './import-fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'farebox-import-codex-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, lines: object[], extra = ''): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n${extra}`);
  return file;
}

const TOTAL = {
  input_tokens: 5000,
  cached_input_tokens: 4096,
  cache_write_input_tokens: 0,
  output_tokens: 120,
  reasoning_output_tokens: 64,
  total_tokens: 5120,
};

describe('parseCodexLog', () => {
  it('reads one call per token_usage_record (0.171), with the model of its turn', async () => {
    const parsed = await parseCodexLog(CODEX_FILES.current);
    expect(parsed.calls.map((call) => [call.key, call.model])).toEqual([
      [`response:${RESPONSES.r1}`, 'gpt-5.5'],
      [`response:${RESPONSES.r2}`, 'gpt-5.5'],
      [`response:${RESPONSES.r3}`, 'gpt-5.1-codex'],
    ]);
    expect(parsed.calls[0]).toEqual({
      key: `response:${RESPONSES.r1}`,
      altKeys: [],
      at: Date.parse('2026-11-21T14:05:13.257Z'),
      sessionId: T1,
      altSessionIds: [],
      model: 'gpt-5.5',
      // input_tokens 3100 includes the 2048 cached; output 70 includes 40 reasoning.
      usage: usage({ inputTokens: 1052, cacheReadTokens: 2048, outputTokens: 70, reasoningTokens: 40 }),
      upstreamRequestId: null,
      // The token_count events carry a ChatGPT plan's windows (plan_type "plus").
      billing: 'subscription',
    });
  });

  it('treats the token_count events that follow the records, repeats included, as duplicates', async () => {
    const parsed = await parseCodexLog(CODEX_FILES.current);
    // One token_count after each of the three responses, and one of them announced twice.
    expect(parsed).toMatchObject({ lines: 22, duplicates: 4, malformed: 0, noUsage: 0 });
  });

  it('reads token_count events of older releases once per change of the running total', async () => {
    const parsed = await parseCodexLog(CODEX_FILES.legacy);
    // Two events announced twice; one without info (rate limits only); the last line is cut short.
    expect(parsed).toMatchObject({ lines: 17, duplicates: 2, malformed: 1, noUsage: 0 });
    expect(parsed.calls.map((call) => [call.model, call.sessionId, call.billing])).toEqual([
      ['gpt-5-codex', T2, null],
      ['gpt-5-codex', T2, null],
      ['gpt-5-codex', T2, null],
    ]);
    expect(parsed.calls.map((call) => call.usage)).toEqual([
      usage({ inputTokens: 8200, outputTokens: 310, reasoningTokens: 192 }),
      usage({ inputTokens: 836, cacheReadTokens: 8064, outputTokens: 95, reasoningTokens: 64 }),
      // Only total_token_usage: the difference from the previous total.
      usage({ inputTokens: 1636, cacheReadTokens: 8064, outputTokens: 95 }),
    ]);
    expect(parsed.calls[0]!.key).toBe('usage:2025-10-14T16:40:24.801Z:8200:0:0:310:192:8510');
  });

  it('counts the same last_token_usage announced three times once', async () => {
    const event = (timestamp: string) => ({
      timestamp,
      type: 'event_msg',
      payload: { type: 'token_count', info: { total_token_usage: TOTAL, last_token_usage: TOTAL } },
    });
    const file = write('rollout-repeat.jsonl', [
      { timestamp: '2025-09-30T08:00:00.000Z', type: 'session_meta', payload: { id: 'thread-1' } },
      { timestamp: '2025-09-30T08:00:00.100Z', type: 'turn_context', payload: { model: 'gpt-5' } },
      event('2025-09-30T08:00:04.000Z'),
      event('2025-09-30T08:00:04.010Z'),
      event('2025-09-30T08:00:09.500Z'),
    ]);
    const parsed = await parseCodexLog(file);
    expect(parsed.calls).toHaveLength(1);
    expect(parsed.duplicates).toBe(2);
    expect(parsed.calls[0]).toMatchObject({ sessionId: 'thread-1', model: 'gpt-5' });
  });

  it('says on_demand when the rate limits name no plan (API key)', async () => {
    const file = write('rollout-key.jsonl', [
      {
        timestamp: '2026-01-05T10:00:00.000Z',
        type: 'event_msg',
        payload: {
          type: 'token_count',
          info: { total_token_usage: TOTAL, last_token_usage: TOTAL },
          rate_limits: { limit_id: 'codex', primary: null, secondary: null, plan_type: null },
        },
      },
    ]);
    const parsed = await parseCodexLog(file);
    expect(parsed.calls[0]!.billing).toBe('on_demand');
    expect(parsed.calls[0]!.model).toBeNull();
  });

  it('keeps the root session of a sub-agent thread as another session id', async () => {
    const file = write('rollout-sub.jsonl', [
      {
        timestamp: '2026-02-01T10:00:00.000Z',
        type: 'token_usage_record',
        payload: { thread_id: 'child', session_id: 'root', response_id: 'resp_x', usage: TOTAL },
      },
    ]);
    const parsed = await parseCodexLog(file);
    expect(parsed.calls[0]).toMatchObject({ sessionId: 'child', altSessionIds: ['root'] });
  });
});

describe('codexTokenUsage', () => {
  it('takes cached and cache-write tokens out of input_tokens', () => {
    expect(
      codexTokenUsage({
        input_tokens: 1000,
        cached_input_tokens: 200,
        cache_write_input_tokens: 300,
        output_tokens: 50,
        reasoning_output_tokens: 20,
      }),
    ).toEqual(
      usage({
        inputTokens: 500,
        cacheReadTokens: 200,
        cacheWrite5mTokens: 300,
        outputTokens: 50,
        reasoningTokens: 20,
      }),
    );
  });
});
