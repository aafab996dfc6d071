import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRequests, stats, UsageError, type Io } from '../../electron/cli/commands';
import type { MonthStats } from '../../shared/records';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../helpers/start-proxy';

let upstream: FakeUpstream;
let proxy: TestProxy;

function capture(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: () => {} };
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await startTestProxy(upstream.url);
  const send = (path: string, body: object, headers: Record<string, string> = {}) =>
    fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then((r) => r.text());
  await send(
    '/t/claude-code/v1/messages',
    { model: 'claude-sonnet-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'a' }] },
    { 'anthropic-version': '2023-06-01', 'x-claude-code-session-id': 'session-42' },
  );
  await send('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'b' }] });
  // A model no price list knows: recorded as unpriced, never as $0.
  await send('/v1/chat/completions', {
    model: 'house-model-9000',
    messages: [{ role: 'user', content: 'c' }],
  });
  await proxy.core.stop();
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

describe('farebox export', () => {
  it('writes one JSON record per request with the documented fields', () => {
    const io = capture();
    exportRequests({ dataDir: proxy.dataDir }, io);
    const records = io.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(3);
    expect(Object.keys(records[0]!).slice(0, 20)).toEqual([
      'id',
      'startedAt',
      'tool',
      'sessionId',
      'dialect',
      'provider',
      'requestedModel',
      'servedModel',
      'stream',
      'status',
      'outcome',
      'inputTokens',
      'cacheReadTokens',
      'cacheWriteTokens',
      'outputTokens',
      'reasoningTokens',
      'costUsd',
      'priceSource',
      'ttfbMs',
      'durationMs',
    ]);
    expect(records[0]).toMatchObject({
      tool: 'claude-code',
      sessionId: 'session-42',
      requestedModel: 'claude-sonnet-4-5',
      inputTokens: 12,
      cacheReadTokens: 1500,
      cacheWriteTokens: 300,
      outputTokens: 57,
      costUsd: 0.002691,
      priceSource: 'genai-prices@0.1.8',
    });
    expect(records[2]).toMatchObject({
      requestedModel: 'house-model-9000',
      costUsd: null,
      priceSource: 'unpriced',
    });
  });

  it('writes CSV with a header and filters by time', () => {
    const io = capture();
    exportRequests({ dataDir: proxy.dataDir, format: 'csv' }, io);
    expect(io.lines[0]!.startsWith('id,startedAt,tool,sessionId,dialect,provider,requestedModel,')).toBe(
      true,
    );
    expect(io.lines).toHaveLength(4);
    const unpriced = io.lines.find((line) => line.includes('house-model-9000'))!;
    expect(unpriced.split(',')[16]).toBe('');

    const future = capture();
    exportRequests({ dataDir: proxy.dataDir, since: new Date(Date.now() + 60_000).toISOString() }, future);
    expect(future.lines).toHaveLength(0);
    const past = capture();
    exportRequests({ dataDir: proxy.dataDir, until: '2000-01-01' }, past);
    expect(past.lines).toHaveLength(0);
  });

  it('rejects bad arguments with a usage error', () => {
    expect(() => exportRequests({ dataDir: proxy.dataDir, format: 'xml' }, capture())).toThrow(UsageError);
    expect(() => exportRequests({ dataDir: proxy.dataDir, since: 'yesterday' }, capture())).toThrow(
      UsageError,
    );
  });
});

describe('farebox stats', () => {
  it('reports month-to-date spend by provider, model and tool, with unpriced requests apart', () => {
    const io = capture();
    stats({ dataDir: proxy.dataDir, json: true }, io);
    const result = JSON.parse(io.lines.join('\n')) as MonthStats;
    // 2691 µ$ (Claude, see anthropic-sdk.test.ts) + 216.3 µ$ (gpt-4o-mini chat, see openai-sdk.test.ts).
    expect(result.totalUsd).toBeCloseTo(0.0029073, 12);
    expect(result.requests).toBe(3);
    expect(result.unpricedRequests).toBe(1);
    expect(result.byProvider.map((r) => r.key).sort()).toEqual(['anthropic', 'openai']);
    expect(result.byTool.find((r) => r.key === 'claude-code')?.costUsd).toBeCloseTo(0.002691, 12);
    expect(result.byModel.find((r) => r.key === 'house-model-9000')).toMatchObject({
      unpricedRequests: 1,
      costUsd: 0,
    });

    const text = capture();
    stats({ dataDir: proxy.dataDir }, text);
    expect(text.lines.join('\n')).toMatch(/\$0\.002907/);
    expect(text.lines.join('\n')).toMatch(/1 request\(s\) are unpriced/);
  });

  it('an empty month is zero, and a malformed month is a usage error', () => {
    const io = capture();
    stats({ dataDir: proxy.dataDir, month: '2001-02', json: true }, io);
    expect(JSON.parse(io.lines.join('\n'))).toMatchObject({ month: '2001-02', totalUsd: 0, requests: 0 });
    expect(() => stats({ dataDir: proxy.dataDir, month: '2001-13' }, capture())).toThrow(UsageError);
  });
});
