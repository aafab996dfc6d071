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

const cli = findCli('claude-code');
warnIfMissing('claude-code', cli);

const MODEL = 'claude-sonnet-4-5';
const SERVED = 'gpt-5-mini';
const RULE_ID = 'claude-to-cheap';
const CLIENT_KEY = 'sk-ant-farebox-tools-routed';

/**
 * Served by gpt-5-mini through Chat Completions (SCRIPTED_USAGE['openai-chat']): prompt_tokens includes the
 * cached part, so uncached = prompt − cached; reasoning is inside completion_tokens.
 * gpt-5-mini list prices ($/M): 0.25 input, 0.025 cached input, 2 output.
 * Tool turn: (2600−1792)=808×0.25 + 1792×0.025 + 55×2 = 202 + 44.8 + 110 = 356.8 µ$.
 * Final turn: (2800−2560)=240×0.25 + 2560×0.025 + 18×2 = 60 + 64 + 36 = 160 µ$.
 * Baseline, claude-sonnet-4-5 ($/M: 3 input, 0.30 cache read, 15 output) for the same tokens:
 * 808×3 + 1792×0.3 + 55×15 = 2424 + 537.6 + 825 = 3786.6 µ$; 240×3 + 2560×0.3 + 18×15 = 720 + 768 + 270 = 1758 µ$.
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
    baseline_cost_usd: 0.0037866,
  },
  {
    input_tokens: 240,
    cache_read_tokens: 2560,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    output_tokens: 18,
    reasoning_tokens: 0,
    cost_usd: 0.00016,
    baseline_cost_usd: 0.001758,
  },
] as const;

interface ClaudeResult {
  result: string;
  is_error: boolean;
  num_turns: number;
  session_id: string;
  total_cost_usd: number;
  usage: { input_tokens: number; cache_read_input_tokens: number; output_tokens: number };
}

describe.skipIf(!cli)(`Claude Code ${cli?.version ?? ''} routed to an OpenAI chat model`, () => {
  let stack: ToolStack | undefined;
  let run: CliRun;
  let output: ClaudeResult;

  beforeAll(async () => {
    stack = await startToolStack(
      (sandbox, dialect, names) =>
        // The Anthropic request arrives as Chat Completions; tool names are short enough to stay as they are.
        dialect === 'openai-chat' && names.includes('Read')
          ? { name: 'Read', args: { file_path: sandbox.markerFile } }
          : null,
      (upstreamUrl) => ({
        providers: routedProviders(upstreamUrl),
        rules: [
          {
            id: RULE_ID,
            when: { models: ['claude-*'] },
            then: { route: { provider: 'cheap', model: SERVED } },
          },
        ],
      }),
    );
    run = await stack.run(
      cli!,
      ['-p', 'Read marker.txt and tell me what it says.', '--model', MODEL, '--output-format', 'json'],
      {
        ANTHROPIC_BASE_URL: stack.baseUrl,
        ANTHROPIC_API_KEY: CLIENT_KEY,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_MAX_RETRIES: '0',
      },
    );
    expect(run.code, describeRun(run)).toBe(0);
    output = JSON.parse(run.stdout) as ClaudeResult;
  }, 100_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('finishes a two-turn tool loop and prints the final text', () => {
    expect(output, describeRun(run)).toMatchObject({
      is_error: false,
      num_turns: 2,
      result: stack!.finalText,
    });
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
      const body = request.json as {
        stream?: boolean;
        stream_options?: { include_usage?: boolean };
        messages: Array<{ role: string }>;
        user?: string;
      };
      // The proxy asks for usage, or a chat stream would carry none.
      expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
      expect(body.messages[0]!.role).toBe('system');
      // Claude Code's metadata.user_id is a ~150-character JSON string; OpenAI refuses a `user` over 64.
      expect((body.user ?? '').length).toBeLessThanOrEqual(64);
    }
    // The CLI spoke Anthropic Messages throughout (plus, maybe, count_tokens the proxy answers itself).
    const paths = stack!.tap.requests.filter((request) => request.method === 'POST').map((r) => r.url);
    expect(paths).toContain('/v1/messages?beta=true');
    for (const path of paths) expect(path).toMatch(/^\/v1\/messages(\/count_tokens)?\?beta=true$/);
  });

  it('logs both turns with the substitution, exact tokens, cost and baseline', async () => {
    const rows = await expectRoutedRows(stack!, {
      tool: 'claude-code',
      sessionId: output.session_id,
      dialect: 'anthropic',
      endpoint: 'anthropic-messages',
      requestedModel: MODEL,
      provider: 'cheap',
      providerDialect: 'openai',
      upstreamEndpoint: 'openai-chat',
      servedModel: SERVED,
      ruleId: RULE_ID,
      turns: TURNS,
    });
    // Claude Code received the chat usage in Anthropic's convention (uncached input apart from cache reads)
    // and priced it as claude-sonnet-4-5 itself: its own figure is the proxy's baseline.
    expect(output.usage).toMatchObject({
      input_tokens: 808 + 240,
      cache_read_input_tokens: 1792 + 2560,
      output_tokens: 55 + 18,
    });
    const baseline = rows.reduce((sum, row) => sum + (row.baseline_cost_usd ?? 0), 0);
    expect(baseline).toBeCloseTo(output.total_cost_usd, 9);
  });
});
