import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRequests, stats, type Io } from '../../../electron/cli/commands';
import { route } from '../../../electron/cli/route-command';
import { roundUsd } from '../../../shared/pricing';
import type { MonthStats } from '../../../shared/records';
import type { RouteDryRun } from '../../../shared/routing';
import { startFakeUpstream, type FakeUpstream } from '../../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../../helpers/start-proxy';

let upstream: FakeUpstream;
let proxy: TestProxy;
let scratch: string;

function capture(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: () => {} };
}

const RULES = [
  {
    id: 'claude-to-mini',
    when: { models: ['claude-*'] },
    then: { route: { provider: 'cheap', model: 'gpt-5-mini' } },
  },
  {
    id: 'no-images-on-mini',
    when: { models: ['block-me'] },
    then: { reject: { status: 403, message: 'not here' } },
  },
];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'farebox-route-'));
  upstream = await startFakeUpstream();
  proxy = await startTestProxy(upstream.url, {
    providers: [
      { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url },
      { id: 'openai', dialect: 'openai', baseUrl: upstream.url },
      { id: 'gemini', dialect: 'gemini', baseUrl: upstream.url },
      { id: 'cheap', dialect: 'openai', baseUrl: upstream.url, apiKey: 'sk-cheap' },
    ],
    rules: RULES,
  });
  const post = (path: string, body: object, headers: Record<string, string> = {}) =>
    fetch(`${proxy.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const anthropic = { 'anthropic-version': '2023-06-01' };
  await (
    await post(
      '/t/claude-code/v1/messages',
      { model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'a' }] },
      anthropic,
    )
  ).text();
  await (
    await post(
      '/t/claude-code/v1/messages',
      { model: 'claude-opus-4-1', max_tokens: 50, messages: [{ role: 'user', content: 'b' }] },
      anthropic,
    )
  ).text();
  await (
    await post('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'c' }] })
  ).text();
  const rejected = await post('/v1/chat/completions', {
    model: 'block-me',
    messages: [{ role: 'user', content: 'd' }],
  });
  expect(rejected.status).toBe(403);
  expect(((await rejected.json()) as { error: { message: string } }).error.message).toContain('not here');
  await proxy.core.stop();
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('savings ledger', () => {
  it('exports requested and served model, rule, attempts, baseline and savings for every request', () => {
    const io = capture();
    exportRequests({ dataDir: proxy.dataDir }, io);
    const records = io.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => [r.requestedModel, r.servedModel, r.ruleId, r.outcome])).toEqual([
      ['claude-sonnet-4-5', 'gpt-5-mini', 'claude-to-mini', 'ok'],
      ['claude-opus-4-1', 'gpt-5-mini', 'claude-to-mini', 'ok'],
      ['gpt-4o-mini', 'gpt-4o-mini', null, 'ok'],
      ['block-me', null, 'no-images-on-mini', 'rejected'],
    ]);
    const [sonnet, opus, plain, rejected] = records as Array<{
      costUsd: number;
      baselineCostUsd: number | null;
      savingsUsd: number | null;
      attempts: unknown[];
    }>;
    for (const routed of [sonnet!, opus!]) {
      expect(routed.baselineCostUsd).toBeGreaterThan(routed.costUsd);
      expect(routed.savingsUsd).toBe(roundUsd(routed.baselineCostUsd! - routed.costUsd));
      expect(routed.attempts).toEqual([
        expect.objectContaining({ provider: 'cheap', status: 200, result: 'ok' }),
      ]);
    }
    // Unrouted: the baseline is what was paid, nothing saved; a refused request cost nothing.
    expect(plain!.baselineCostUsd).toBe(plain!.costUsd);
    expect(plain!.savingsUsd).toBe(0);
    expect(plain!.attempts).toEqual([]);
    expect(rejected).toMatchObject({ costUsd: 0, priceSource: 'not-billed', status: 403 });

    const csv = capture();
    exportRequests({ dataDir: proxy.dataDir, format: 'csv' }, csv);
    const header = csv.lines[0]!.split(',');
    for (const field of ['ruleId', 'baselineCostUsd', 'savingsUsd', 'attempts'])
      expect(header).toContain(field);
  });

  it('reports savings per rule, per tool and per requested → served pair', () => {
    const io = capture();
    stats({ dataDir: proxy.dataDir, json: true }, io);
    const month = JSON.parse(io.lines.join('\n')) as MonthStats;
    const rule = month.savings.byRule.find((r) => r.key === 'claude-to-mini')!;
    expect(rule.requests).toBe(2);
    expect(rule.savingsUsd).toBeGreaterThan(0);
    expect(rule.savingsUsd).toBe(roundUsd(rule.baselineUsd - rule.actualUsd));
    expect(month.savings.routedRequests).toBe(2);
    expect(month.savings.byTool.find((r) => r.key === 'claude-code')!.savingsUsd).toBe(rule.savingsUsd);
    expect(month.savings.byRoute.map((r) => r.key)).toContain('claude-opus-4-1 → gpt-5-mini');

    const text = capture();
    stats({ dataDir: proxy.dataDir }, text);
    expect(text.lines.join('\n')).toContain('Savings from routing');
  });
});

describe('farebox route (dry run)', () => {
  it('says which rule fires, the target, the estimate and the baseline, sending nothing', () => {
    const config = join(scratch, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        providers: [
          { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url },
          { id: 'cheap', dialect: 'openai', baseUrl: upstream.url, apiKey: 'sk-cheap' },
        ],
        rules: RULES,
      }),
    );
    const request = join(scratch, 'request.json');
    writeFileSync(
      request,
      JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 1000,
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'x'.repeat(4000) }],
      }),
    );
    const before = upstream.requests.length;
    const io = capture();
    const result: RouteDryRun = route({ config, request, tool: 'claude-code', dataDir: scratch }, io);
    expect(upstream.requests.length).toBe(before);
    expect(result).toMatchObject({
      dialect: 'anthropic',
      tool: 'claude-code',
      requestedModel: 'claude-sonnet-4-5',
      rule: { id: 'claude-to-mini' },
      action: 'route',
      targets: [{ provider: 'cheap', model: 'gpt-5-mini' }],
    });
    expect(result.estimatedInputTokens).toBeGreaterThanOrEqual(1000);
    expect(result.estimate!.costUsd).toBeLessThan(result.estimate!.baselineCostUsd!);
    const text = io.lines.join('\n');
    expect(text).toContain('Rule: claude-to-mini');
    expect(text).toContain('cheap / gpt-5-mini');
    expect(text).toMatch(/Saves \$\d/);

    const json = capture();
    route({ config, request, json: true, dataDir: scratch }, json);
    expect((JSON.parse(json.lines.join('\n')) as RouteDryRun).rule?.id).toBe('claude-to-mini');
  });

  it('explains a rejection and refuses a missing request file clearly', () => {
    const config = join(scratch, 'config2.json');
    writeFileSync(
      config,
      JSON.stringify({
        providers: [{ id: 'openai', dialect: 'openai', baseUrl: upstream.url }],
        rules: [RULES[1]],
      }),
    );
    const request = join(scratch, 'blocked.json');
    writeFileSync(
      request,
      JSON.stringify({ model: 'block-me', messages: [{ role: 'user', content: 'hi' }] }),
    );
    const io = capture();
    const result = route({ config, request, dataDir: scratch }, io);
    expect(result.action).toBe('reject');
    expect(result.estimate).toBeNull();
    expect(io.lines.join('\n')).toContain('Rejected with 403: not here');
    expect(() =>
      route({ config, request: join(scratch, 'missing.json'), dataDir: scratch }, capture()),
    ).toThrow(/missing\.json/);
  });
});
