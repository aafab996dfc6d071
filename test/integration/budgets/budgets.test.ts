import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BudgetAlert } from '../../../electron/core/budgets/budget-ledger';
import { startFakeUpstream, type FakeUpstream } from '../../helpers/fake-upstream';
import { startTestProxy, type TestProxy } from '../../helpers/start-proxy';

// A model priced by override at $1,000 per million tokens in and out: 1,000 prompt tokens + 100 output
// tokens cost exactly $1.10, so spend is easy to follow by hand.
const METERED = 'metered-model';
const USAGE = { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 };
const COST = 1.1;
// The body is ~4,000 characters, estimated at ~1,000 input tokens; max_tokens 100. The reservation is
// 1.5 × the estimate + 100 output tokens, about $1.60: above the actual $1.10, as a worst case must be.
const PROMPT = 'Refactor the parser. '.repeat(190);

let upstream: FakeUpstream;
let proxy: TestProxy;
const alerts: BudgetAlert[] = [];

function openai(tool: string): OpenAI {
  return new OpenAI({
    baseURL: `${proxy.url}/t/${tool}/v1`,
    apiKey: 'sk-client',
    maxRetries: 0,
    defaultHeaders: { 'x-fake-usage': JSON.stringify(USAGE) },
  });
}

function ask(client: OpenAI) {
  return client.chat.completions.create({
    model: METERED,
    max_tokens: 100,
    messages: [{ role: 'user', content: PROMPT }],
  });
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await startTestProxy(upstream.url, {
    providers: [
      { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url, apiKey: 'sk-ant-provider' },
      { id: 'openai', dialect: 'openai', baseUrl: upstream.url, apiKey: 'sk-openai-provider' },
      { id: 'gemini', dialect: 'gemini', baseUrl: upstream.url, apiKey: 'gm-provider' },
    ],
    pricing: {
      overrides: {
        [METERED]: { input: 1000, output: 1000 },
        'cheap-model': { input: 0.1, output: 0.4 },
      },
    },
    aliases: { cheap: { provider: 'openai', model: 'cheap-model' } },
    budgets: [
      {
        id: 'monthly',
        name: 'Monthly $50',
        scope: { tools: ['team'] },
        amountUsd: 50,
        thresholds: [
          { percent: 80, action: 'notify' },
          { percent: 90, action: 'downgrade', target: 'cheap' },
          { percent: 100, action: 'block' },
        ],
      },
      {
        id: 'load',
        name: 'Load test',
        scope: { tools: ['load'] },
        amountUsd: 50,
        thresholds: [{ percent: 100, action: 'block' }],
      },
      // $0.50: less than a metered request's worst case.
      {
        id: 'tiny',
        name: 'Tiny budget',
        scope: { tools: ['blocked'] },
        amountUsd: 0.5,
        thresholds: [{ percent: 100, action: 'block' }],
      },
      {
        id: 'downgrading',
        name: 'Downgrade everything',
        scope: { tools: ['thrifty'] },
        amountUsd: 0.5,
        thresholds: [
          { percent: 50, action: 'downgrade', target: { provider: 'openai', model: 'cheap-model' } },
        ],
      },
    ],
  });
  proxy.core.onBudgetAlert((alert) => alerts.push(alert));
  // Spend half of the downgrading budget: one metered request is $1.10.
  await ask(openai('thrifty'));
});
afterAll(async () => {
  await proxy.stop();
  await upstream.close();
});

const budget = (id: string) => proxy.core.budgets().find((b) => b.id === id)!;

describe('a $50 monthly budget: notify at 80 %, downgrade at 90 %, block at 100 %', () => {
  it('notifies once at 80 %, then serves the cheaper model, and never blocks below the limit', async () => {
    const team = openai('team');
    // 37 × $1.10 = $40.70: past 80 %.
    for (let i = 0; i < 37; i++) await ask(team);
    expect(budget('monthly').spentUsd).toBeCloseTo(37 * COST, 9);
    expect(alerts.filter((a) => a.budgetId === 'monthly').map((a) => [a.percent, a.action])).toEqual([
      [80, 'notify'],
    ]);
    // 42 × $1.10 = $46.20: past 90 %, so the next requests go to the cheap model.
    for (let i = 0; i < 5; i++) await ask(team);
    const downgraded = await ask(team);
    expect(downgraded.model).toBe('cheap-model');
    const row = proxy.rows().at(-1)!;
    expect(row).toMatchObject({ requested_model: METERED, served_model: 'cheap-model', provider: 'openai' });
    expect(JSON.parse(row.tags!)).toContain('budget-downgrade:monthly');
    const status = budget('monthly');
    expect(status.thresholds.map((t) => [t.percent, t.reached])).toEqual([
      [80, true],
      [90, true],
      [100, false],
    ]);
    expect(status.alerts.map((a) => a.percent)).toEqual([80, 90]);
    expect(status.reservedUsd).toBe(0);
  });
});

describe('50 concurrent requests against a nearly spent budget', () => {
  it('stop within the budget: each request’s worst case is held before it is sent', async () => {
    const load = openai('load');
    // 41 × $1.10 = $45.10 of $50.
    for (let i = 0; i < 41; i++) await ask(load);
    const before = budget('load').spentUsd;
    expect(before).toBeCloseTo(45.1, 9);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => ask(load)));
    const served = results.filter((r) => r.status === 'fulfilled').length;
    const blocked = results.filter(
      (r) => r.status === 'rejected' && (r.reason as { status?: number }).status === 402,
    ).length;
    expect(served + blocked).toBe(50);
    const after = budget('load');
    // The documented bound: spend never passes the limit while actual costs stay under their worst case.
    expect(after.spentUsd).toBeLessThanOrEqual(50);
    expect(after.spentUsd).toBeCloseTo(before + served * COST, 9);
    // And it does not stop early by more than one worst case (~$1.60).
    expect(50 - after.spentUsd).toBeLessThan(1.6 + COST);
    expect(served).toBeGreaterThan(0);
    expect(after.reservedUsd).toBe(0);
    const rejected = proxy.rows().filter((r) => r.tool === 'load' && r.outcome === 'rejected');
    expect(rejected).toHaveLength(blocked);
    expect(rejected.every((r) => r.cost_usd === 0 && r.status === 402)).toBe(true);
  });
});

// Each request below could cost $10 or more (10,000+ output tokens at $1,000 per million): more than the
// $0.50 budget, so it is refused before it is sent.
describe('a blocked request is answered in the tool’s own dialect', () => {
  const expectMessage = (message: string) => {
    expect(message).toContain('Tiny budget');
    expect(message).toMatch(/\$0\.00 of \$0\.50 this month/);
    expect(message).toMatch(/resets \d{4}-\d{2}-01/);
  };

  it('Anthropic: a billing_error the SDK does not retry', async () => {
    const client = new Anthropic({ baseURL: `${proxy.url}/t/blocked`, apiKey: 'sk-ant', maxRetries: 0 });
    const error = await client.messages
      .create({ model: METERED, max_tokens: 10_000, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(402);
    expect((error as { error: { error: { type: string } } }).error.error.type).toBe('billing_error');
    expectMessage((error as Error).message);
  });

  it('OpenAI chat and Responses: insufficient_quota', async () => {
    const client = openai('blocked');
    const chat = await ask(client).catch((e: unknown) => e);
    expect(chat).toBeInstanceOf(OpenAI.APIError);
    expect(chat).toMatchObject({ status: 402, type: 'insufficient_quota' });
    expectMessage((chat as Error).message);
    const responses = await client.responses
      .create({ model: METERED, input: 'hi', max_output_tokens: 100_000 })
      .catch((e: unknown) => e);
    expect(responses).toMatchObject({ status: 402, type: 'insufficient_quota' });
  });

  it('Gemini: RESOURCE_EXHAUSTED', async () => {
    const client = new GoogleGenAI({ apiKey: 'gm', httpOptions: { baseUrl: `${proxy.url}/t/blocked` } });
    const error = await client.models
      .generateContent({ model: METERED, contents: 'hi', config: { maxOutputTokens: 100_000 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429 });
    expectMessage((error as Error).message);
    expect((error as Error).message).toContain('RESOURCE_EXHAUSTED');
  });
});

describe('a downgrade is served by the cheaper model in every dialect', () => {
  it('Anthropic, OpenAI chat, Responses and Gemini clients all reach cheap-model', async () => {
    const before = upstream.requests.length;
    const anthropic = new Anthropic({ baseURL: `${proxy.url}/t/thrifty`, apiKey: 'sk-ant', maxRetries: 0 });
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text' });
    const chat = await openai('thrifty').chat.completions.create({
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(chat.model).toBe('cheap-model');
    const responses = await openai('thrifty').responses.create({ model: 'gpt-5', input: 'hi' });
    expect(responses.output_text.length).toBeGreaterThan(0);
    const gemini = new GoogleGenAI({ apiKey: 'gm', httpOptions: { baseUrl: `${proxy.url}/t/thrifty` } });
    const answer = await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
    expect(answer.text?.length).toBeGreaterThan(0);
    const sent = upstream.requests.slice(before).map((r) => (r.json as { model?: string }).model);
    expect(sent).toEqual(['cheap-model', 'cheap-model', 'cheap-model', 'cheap-model']);
    const rows = proxy
      .rows()
      .filter((r) => r.tool === 'thrifty')
      .slice(-4);
    expect(rows.map((r) => [r.endpoint, r.served_model])).toEqual([
      ['anthropic-messages', 'cheap-model'],
      ['openai-chat', 'cheap-model'],
      ['openai-responses', 'cheap-model'],
      ['gemini-generate', 'cheap-model'],
    ]);
  });
});

describe('budget status', () => {
  it('forecasts the period end and says when the budget runs out', () => {
    const status = budget('monthly');
    expect(status.forecast.projectedUsd).toBeGreaterThanOrEqual(status.spentUsd);
    expect(status.forecast.lowUsd).toBeLessThanOrEqual(status.forecast.projectedUsd);
    expect(status.forecast.highUsd).toBeGreaterThanOrEqual(status.forecast.projectedUsd);
    expect(new Date(status.resetsAt).getTime()).toBeGreaterThan(Date.now());
  });
});
