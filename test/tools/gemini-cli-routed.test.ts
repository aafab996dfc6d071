import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectLoopbackOnly,
  expectRoutedRows,
  expectRoutedUpstream,
  expectTwoTurnToolLoop,
  modelCalls,
} from './assertions';
import {
  CHEAP_KEY,
  describeRun,
  findCli,
  routedProviders,
  startToolStack,
  warnIfMissing,
  type ToolStack,
} from './harness';
import type { CliRun } from './run-cli';

const cli = findCli('gemini-cli');
warnIfMissing('gemini-cli', cli);

const MODEL = 'gemini-2.5-flash';
const SERVED = 'gpt-5-mini';
const RULE_ID = 'gemini-to-cheap';
const CLIENT_KEY = 'farebox-tools-routed-key';

/**
 * Served by gpt-5-mini through Chat Completions (SCRIPTED_USAGE['openai-chat']); costs as in
 * claude-code-routed.test.ts: 356.8 µ$ and 160 µ$. Baseline gemini-2.5-flash ($/M: 0.30 input, 0.03 cached,
 * 2.50 output) for the same tokens: 808×0.3 + 1792×0.03 + 55×2.5 = 242.4 + 53.76 + 137.5 = 433.66 µ$;
 * 240×0.3 + 2560×0.03 + 18×2.5 = 72 + 76.8 + 45 = 193.8 µ$ (here the substitute costs less only slightly).
 */
const TURNS = [
  {
    input_tokens: 808,
    cache_read_tokens: 1792,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    output_tokens: 55,
    reasoning_tokens: 24,
    cost_usd: 0.0003568,
    baseline_cost_usd: 0.00043366,
  },
  {
    input_tokens: 240,
    cache_read_tokens: 2560,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    output_tokens: 18,
    reasoning_tokens: 0,
    cost_usd: 0.00016,
    baseline_cost_usd: 0.0001938,
  },
] as const;

/** As in gemini-cli.test.ts. */
const SETTINGS = {
  security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
  general: { enableAutoUpdate: false, enableAutoUpdateNotification: false, maxAttempts: 1 },
};

interface GeminiOutput {
  response: string;
  stats: { models: Record<string, { tokens: Record<string, number> }> };
}

describe.skipIf(!cli)(`Gemini CLI ${cli?.version ?? ''} routed to an OpenAI chat model`, () => {
  let stack: ToolStack | undefined;
  let run: CliRun;
  let output: GeminiOutput;

  beforeAll(async () => {
    stack = await startToolStack(
      (sandbox, dialect, names) =>
        dialect === 'openai-chat' && names.includes('read_file')
          ? { name: 'read_file', args: { file_path: sandbox.markerFile } }
          : null,
      (upstreamUrl) => ({
        providers: routedProviders(upstreamUrl),
        rules: [
          {
            id: RULE_ID,
            when: { tools: ['gemini-cli'], models: ['gemini-*'] },
            then: { route: { provider: 'cheap', model: SERVED } },
          },
        ],
      }),
    );
    const geminiDir = join(stack.sandbox.home, '.gemini');
    mkdirSync(geminiDir, { recursive: true });
    writeFileSync(join(geminiDir, 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    run = await stack.run(
      cli!,
      ['-p', 'Read marker.txt and tell me what it says.', '-m', MODEL, '--output-format', 'json'],
      { GEMINI_API_KEY: CLIENT_KEY, GOOGLE_GEMINI_BASE_URL: stack.baseUrl },
    );
    expect(run.code, describeRun(run)).toBe(0);
    output = JSON.parse(run.stdout) as GeminiOutput;
  }, 100_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('finishes a two-turn tool loop and prints the final text', () => {
    expect(output.response, describeRun(run)).toBe(stack!.finalText);
    expectTwoTurnToolLoop(stack!);
  });

  it('talks to 127.0.0.1 only', () => {
    expectLoopbackOnly(run);
  });

  it('sends every model request as Chat Completions with the provider key, never the CLI key', () => {
    expectRoutedUpstream(stack!, {
      url: '/v1/chat/completions',
      model: SERVED,
      authHeader: 'authorization',
      authValue: `Bearer ${CHEAP_KEY}`,
      clientKey: CLIENT_KEY,
    });
    for (const request of modelCalls(stack!)) {
      expect(request.json).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    }
    // The CLI streamed over SSE throughout.
    for (const request of stack!.tap.requests) {
      expect(request.url).toBe(`/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`);
    }
  });

  it('logs both turns with the substitution, exact tokens, cost and baseline', async () => {
    await expectRoutedRows(stack!, {
      tool: 'gemini-cli',
      sessionId: null,
      dialect: 'gemini',
      endpoint: 'gemini-stream-generate',
      requestedModel: MODEL,
      provider: 'cheap',
      providerDialect: 'openai',
      upstreamEndpoint: 'openai-chat',
      servedModel: SERVED,
      ruleId: RULE_ID,
      turns: TURNS,
    });
    // The CLI received the chat usage in Gemini's convention (thoughts apart from candidates), summed over
    // both turns. It files its stats under the response's modelVersion, which names the model that served.
    expect(Object.keys(output.stats.models)).toEqual([SERVED]);
    expect(output.stats.models[SERVED]?.tokens).toMatchObject({
      prompt: 2600 + 2800,
      cached: 1792 + 2560,
      candidates: 55 - 24 + 18,
      thoughts: 24,
    });
  });
});
