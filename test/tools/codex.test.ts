import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectForwardedUnchanged,
  expectLoggedRows,
  expectLoopbackOnly,
  expectTwoTurnToolLoop,
  sentHeader,
} from './assertions';
import { describeRun, findCli, startToolStack, warnIfMissing, type ToolStack } from './harness';
import type { CliRun } from './run-cli';

const cli = findCli('codex');
warnIfMissing('codex', cli);

/** A model Codex has metadata for (else it warns and uses fallbacks) and the price data lists. */
const MODEL = 'gpt-5.5';
const KEY_ENV = 'FAREBOX_TOOLS_TEST_KEY';

/**
 * gpt-5.5 list prices ($/M): 5 input, 0.50 cached input, 30 output. OpenAI's cached tokens are a subset of
 * input_tokens (protocols.md §2.2), so uncached = input − cached; reasoning is inside output.
 * Tool turn: (3100−2048)=1052×5 + 2048×0.5 + 70×30 = 5260 + 1024 + 2100 = 8384 µ$.
 * Final turn: (3300−3072)=228×5 + 3072×0.5 + 20×30 = 1140 + 1536 + 600 = 3276 µ$.
 */
const TURNS = [
  {
    input_tokens: 1052,
    cache_read_tokens: 2048,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    output_tokens: 70,
    reasoning_tokens: 40,
    cost_usd: 0.008384,
  },
  {
    input_tokens: 228,
    cache_read_tokens: 3072,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    output_tokens: 20,
    reasoning_tokens: 0,
    cost_usd: 0.003276,
  },
] as const;

/**
 * A custom provider pointed at the proxy (built-in providers cannot be redefined). Offline settings from
 * protocols.md §6.11: plugins would contact GitHub and ChatGPT hosts; analytics and update checks call out.
 */
function configToml(baseUrl: string): string {
  return `model = "${MODEL}"
model_provider = "farebox"
check_for_update_on_startup = false

[model_providers.farebox]
name = "Farebox tools test"
base_url = "${baseUrl}/v1"
wire_api = "responses"
env_key = "${KEY_ENV}"
# HTTP POST + SSE only; the proxy refuses WebSocket upgrades.
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

describe.skipIf(!cli)(`Codex ${cli?.version ?? ''} through the proxy`, () => {
  let stack: ToolStack | undefined;
  let run: CliRun;
  let events: CodexEvent[];
  let threadId: string;

  beforeAll(async () => {
    stack = await startToolStack((_sandbox, dialect, names) => {
      if (dialect !== 'openai-responses') return null;
      // 0.171 offers exec_command; older builds a `shell` tool taking argv. `cat` is read-only, and the
      // default read-only sandbox allows it.
      if (names.includes('exec_command')) return { name: 'exec_command', args: { cmd: 'cat marker.txt' } };
      if (names.includes('shell')) return { name: 'shell', args: { command: ['cat', 'marker.txt'] } };
      return null;
    });
    const codexHome = join(stack.sandbox.home, '.codex');
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(join(codexHome, 'config.toml'), configToml(stack.baseUrl));
    run = await stack.run(
      cli!,
      ['exec', '--json', '--skip-git-repo-check', 'Show me what marker.txt says.'],
      { [KEY_ENV]: 'sk-farebox-tools-test' },
    );
    expect(run.code, describeRun(run)).toBe(0);
    events = parseEvents(run.stdout);
    const started = events.find((event) => event.type === 'thread.started') as { thread_id: string };
    threadId = started.thread_id;
  }, 100_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('finishes a two-turn tool loop and prints the final text', () => {
    const messages = events.flatMap((event) =>
      event.type === 'item.completed' && 'item' in event && event.item.type === 'agent_message'
        ? [event.item.text]
        : [],
    );
    expect(messages).toEqual([stack!.finalText]);
    expectTwoTurnToolLoop(stack!);
  });

  it('talks to 127.0.0.1 only, over HTTP without a WebSocket attempt', () => {
    expectLoopbackOnly(run);
    expect(stack!.tap.requests.filter((request) => request.upgrade)).toEqual([]);
  });

  it('reaches the upstream unchanged: path, body and headers', () => {
    const pairs = expectForwardedUnchanged(stack!);
    expect(pairs).toHaveLength(2);
    for (const pair of pairs) {
      expect(pair.received.url).toBe('/v1/responses');
      expect(sentHeader(pair, 'originator')).toBe('codex_exec');
      expect(sentHeader(pair, 'user-agent')).toMatch(/^codex_exec\/0\.171\.0 \(/);
      // Session id in a hyphenated header in this build (older: session_id).
      expect(sentHeader(pair, 'session-id')).toBe(threadId);
      expect(sentHeader(pair, 'authorization')).toBe('Bearer sk-farebox-tools-test');
    }
  });

  it('logs both turns as codex with the session id, exact tokens and cost', async () => {
    await expectLoggedRows(stack!, {
      tool: 'codex',
      sessionId: threadId,
      dialect: 'openai',
      endpoint: 'openai-responses',
      provider: 'openai',
      model: MODEL,
      turns: TURNS,
    });
    // The CLI itself received the upstream's usage unchanged, summed over both turns.
    const completed = events.find((event) => event.type === 'turn.completed') as { usage: object };
    expect(completed.usage).toMatchObject({
      input_tokens: 6400,
      cached_input_tokens: 5120,
      output_tokens: 90,
      reasoning_output_tokens: 40,
    });
  });
});
