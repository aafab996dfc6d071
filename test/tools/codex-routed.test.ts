import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectLoopbackOnly,
  expectRoutedRows,
  expectRoutedUpstream,
  expectTwoTurnToolLoop,
  modelCalls,
  type ExpectedRoutedTurn,
} from './assertions';
import {
  CHEAP_KEY,
  CLAUDE_KEY,
  describeRun,
  findCli,
  routedProviders,
  startToolStack,
  warnIfMissing,
  type ToolStack,
} from './harness';
import type { CliRun } from './run-cli';
import type { ScriptedDialect, ToolCallPlan } from './scripted-upstream';

const cli = findCli('codex');
warnIfMissing('codex', cli);

const MODEL = 'gpt-5.5';
const KEY_ENV = 'FAREBOX_TOOLS_TEST_KEY';
const CLIENT_KEY = 'sk-farebox-tools-routed';

/** As in codex.test.ts: a custom provider pointed at the proxy, everything that would call out turned off. */
function configToml(baseUrl: string): string {
  return `model = "${MODEL}"
model_provider = "farebox"
check_for_update_on_startup = false

[model_providers.farebox]
name = "Farebox tools test"
base_url = "${baseUrl}/v1"
wire_api = "responses"
env_key = "${KEY_ENV}"
supports_websockets = false
request_max_retries = 0
stream_max_retries = 0

[features]
plugins = false

[analytics]
enabled = false
`;
}

type CodexEvent =
  | { type: 'thread.started'; thread_id: string }
  | { type: 'item.completed'; item: { type: string; text?: string; aggregated_output?: string } }
  | { type: 'turn.completed'; usage: Record<string, number> }
  | { type: string };

function parseEvents(stdout: string): CodexEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as CodexEvent);
}

/** Codex's shell tool, whatever dialect the request reached the upstream in. */
function chooseShell(want: ScriptedDialect) {
  return (_sandbox: unknown, dialect: ScriptedDialect, names: readonly string[]): ToolCallPlan | null => {
    if (dialect !== want) return null;
    if (names.includes('exec_command')) return { name: 'exec_command', args: { cmd: 'cat marker.txt' } };
    if (names.includes('shell')) return { name: 'shell', args: { command: ['cat', 'marker.txt'] } };
    return null;
  };
}

interface CodexRun {
  stack: ToolStack;
  run: CliRun;
  events: CodexEvent[];
  threadId: string;
}

async function runCodex(
  dialect: ScriptedDialect,
  rule: Record<string, unknown>,
  hold: (stack: ToolStack) => void,
): Promise<CodexRun> {
  const stack = await startToolStack(chooseShell(dialect), (upstreamUrl) => ({
    providers: routedProviders(upstreamUrl),
    rules: [rule],
  }));
  hold(stack);
  const codexHome = join(stack.sandbox.home, '.codex');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(join(codexHome, 'config.toml'), configToml(stack.baseUrl));
  const run = await stack.run(
    cli!,
    ['exec', '--json', '--skip-git-repo-check', 'Show me what marker.txt says.'],
    {
      [KEY_ENV]: CLIENT_KEY,
    },
  );
  expect(run.code, describeRun(run)).toBe(0);
  const events = parseEvents(run.stdout);
  const started = events.find((event) => event.type === 'thread.started') as { thread_id: string };
  return { stack, run, events, threadId: started.thread_id };
}

function agentMessages(events: CodexEvent[]): (string | undefined)[] {
  return events.flatMap((event) =>
    event.type === 'item.completed' && 'item' in event && event.item.type === 'agent_message'
      ? [event.item.text]
      : [],
  );
}

function turnUsage(events: CodexEvent[]): Record<string, number> {
  return (events.find((event) => event.type === 'turn.completed') as { usage: Record<string, number> }).usage;
}

/** The CLI sent Responses requests only, over HTTP, and never tried a WebSocket. */
function expectResponsesOnly(stack: ToolStack): void {
  expect(stack.tap.requests.filter((request) => request.upgrade)).toEqual([]);
  expect(stack.tap.requests.map((request) => `${request.method} ${request.url}`)).toEqual(
    stack.tap.requests.map(() => 'POST /v1/responses'),
  );
}

/**
 * (a) gpt-5-mini through Chat Completions (SCRIPTED_USAGE['openai-chat']); the `cheap` provider is not
 * api.openai.com, so it serves chat only and the Responses request is translated.
 * gpt-5-mini ($/M: 0.25 input, 0.025 cached, 2 output):
 *   808×0.25 + 1792×0.025 + 55×2 = 356.8 µ$; 240×0.25 + 2560×0.025 + 18×2 = 160 µ$.
 * Baseline gpt-5.5 ($/M: 5 input, 0.50 cached, 30 output) for the same tokens:
 *   808×5 + 1792×0.5 + 55×30 = 4040 + 896 + 1650 = 6586 µ$; 240×5 + 2560×0.5 + 18×30 = 1200 + 1280 + 540 = 3020 µ$.
 */
const CHAT_TURNS: readonly [ExpectedRoutedTurn, ExpectedRoutedTurn] = [
  {
    input_tokens: 808,
    cache_read_tokens: 1792,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    output_tokens: 55,
    reasoning_tokens: 24,
    cost_usd: 0.0003568,
    baseline_cost_usd: 0.006586,
  },
  {
    input_tokens: 240,
    cache_read_tokens: 2560,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    output_tokens: 18,
    reasoning_tokens: 0,
    cost_usd: 0.00016,
    baseline_cost_usd: 0.00302,
  },
];

/**
 * (b) claude-sonnet-4-5 through Anthropic Messages (SCRIPTED_USAGE.anthropic): costs as in claude-code.test.ts,
 * 7755 µ$ and 2115 µ$. Baseline gpt-5.5 for the same tokens; its price data has no cache-write price, so
 * writes cost as input: 310×5 + 4000×0.5 + (1000+200)×5 + 45×30 = 1550 + 2000 + 6000 + 1350 = 10900 µ$;
 * 25×5 + 5200×0.5 + 80×5 + 12×30 = 125 + 2600 + 400 + 360 = 3485 µ$.
 */
const CLAUDE_TURNS: readonly [ExpectedRoutedTurn, ExpectedRoutedTurn] = [
  {
    input_tokens: 310,
    cache_read_tokens: 4000,
    cache_write_5m_tokens: 1000,
    cache_write_1h_tokens: 200,
    output_tokens: 45,
    reasoning_tokens: 0,
    cost_usd: 0.007755,
    baseline_cost_usd: 0.0109,
  },
  {
    input_tokens: 25,
    cache_read_tokens: 5200,
    cache_write_5m_tokens: 80,
    cache_write_1h_tokens: 0,
    output_tokens: 12,
    reasoning_tokens: 0,
    cost_usd: 0.002115,
    baseline_cost_usd: 0.003485,
  },
];

describe.skipIf(!cli)(`Codex ${cli?.version ?? ''} routed to an OpenAI chat model`, () => {
  let stack: ToolStack | undefined;
  let codex: CodexRun;

  beforeAll(async () => {
    codex = await runCodex(
      'openai-chat',
      {
        id: 'codex-to-chat',
        when: { models: [MODEL] },
        then: { route: { provider: 'cheap', model: 'gpt-5-mini' } },
      },
      (started) => (stack = started),
    );
  }, 100_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('finishes a two-turn tool loop and prints the final text', () => {
    expect(agentMessages(codex.events), describeRun(codex.run)).toEqual([stack!.finalText]);
    expectTwoTurnToolLoop(stack!);
  });

  it('talks to 127.0.0.1 only, over HTTP without a WebSocket attempt', () => {
    expectLoopbackOnly(codex.run);
    expectResponsesOnly(stack!);
  });

  it('sends every model request as Chat Completions with the provider key, never the CLI key', () => {
    expectRoutedUpstream(stack!, {
      url: '/v1/chat/completions',
      model: 'gpt-5-mini',
      authHeader: 'authorization',
      authValue: `Bearer ${CHEAP_KEY}`,
      clientKey: CLIENT_KEY,
    });
    for (const request of modelCalls(stack!)) {
      expect(request.json).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    }
  });

  it('logs both turns with the substitution, exact tokens, cost and baseline', async () => {
    await expectRoutedRows(stack!, {
      tool: 'codex',
      sessionId: codex.threadId,
      dialect: 'openai',
      endpoint: 'openai-responses',
      requestedModel: MODEL,
      provider: 'cheap',
      providerDialect: 'openai',
      upstreamEndpoint: 'openai-chat',
      servedModel: 'gpt-5-mini',
      ruleId: 'codex-to-chat',
      turns: CHAT_TURNS,
    });
    // The CLI received the chat usage in Responses' convention (cached inside input), summed over both turns.
    expect(turnUsage(codex.events)).toMatchObject({
      input_tokens: 2600 + 2800,
      cached_input_tokens: 1792 + 2560,
      output_tokens: 55 + 18,
      reasoning_output_tokens: 24,
    });
  });
});

describe.skipIf(!cli)(`Codex ${cli?.version ?? ''} routed to Claude through the Anthropic API`, () => {
  let stack: ToolStack | undefined;
  let codex: CodexRun;

  beforeAll(async () => {
    codex = await runCodex(
      'anthropic',
      {
        id: 'codex-to-claude',
        when: { tools: ['codex'] },
        then: { route: { provider: 'claude', model: 'claude-sonnet-4-5' } },
      },
      (started) => (stack = started),
    );
  }, 100_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('finishes a two-turn tool loop and prints the final text', () => {
    expect(agentMessages(codex.events), describeRun(codex.run)).toEqual([stack!.finalText]);
    expectTwoTurnToolLoop(stack!);
  });

  it('talks to 127.0.0.1 only, over HTTP without a WebSocket attempt', () => {
    expectLoopbackOnly(codex.run);
    expectResponsesOnly(stack!);
  });

  it('sends every model request as Anthropic Messages with the provider key, never the CLI key', () => {
    expectRoutedUpstream(stack!, {
      url: '/v1/messages',
      model: 'claude-sonnet-4-5',
      authHeader: 'x-api-key',
      authValue: CLAUDE_KEY,
      clientKey: CLIENT_KEY,
    });
    for (const request of modelCalls(stack!)) {
      expect(request.headers['anthropic-version']).toBe('2023-06-01');
      expect(request.headers.authorization).toBeUndefined();
      expect(request.json).toMatchObject({ stream: true, max_tokens: expect.any(Number) });
    }
  });

  it('logs both turns with the substitution, exact tokens, cost and baseline', async () => {
    await expectRoutedRows(stack!, {
      tool: 'codex',
      sessionId: codex.threadId,
      dialect: 'openai',
      endpoint: 'openai-responses',
      requestedModel: MODEL,
      provider: 'claude',
      providerDialect: 'anthropic',
      upstreamEndpoint: 'anthropic-messages',
      servedModel: 'claude-sonnet-4-5',
      ruleId: 'codex-to-claude',
      turns: CLAUDE_TURNS,
    });
  });
});
