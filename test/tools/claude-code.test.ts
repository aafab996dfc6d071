import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectForwardedUnchanged,
  expectLoggedRows,
  expectLoopbackOnly,
  expectTwoTurnToolLoop,
  modelCalls,
  sentHeader,
} from './assertions';
import { describeRun, findCli, startToolStack, warnIfMissing, type ToolStack } from './harness';
import type { CliRun } from './run-cli';

const cli = findCli('claude-code');
warnIfMissing('claude-code', cli);

const MODEL = 'claude-sonnet-4-5';

/**
 * claude-sonnet-4-5 list prices ($/M): 3 input, 0.30 cache read, 3.75 5m write, 6 1h write, 15 output.
 * Tool turn (SCRIPTED_USAGE.anthropic['tool-call']): 310×3 + 4000×0.3 + 1000×3.75 + 200×6 + 45×15 = 7755 µ$.
 * Final turn (SCRIPTED_USAGE.anthropic.text): 25×3 + 5200×0.3 + 80×3.75 + 12×15 = 2115 µ$.
 * Anthropic's input buckets are disjoint (protocols.md §3.3), so they map one to one.
 */
const TURNS = [
  {
    input_tokens: 310,
    cache_read_tokens: 4000,
    cache_write_5m_tokens: 1000,
    cache_write_1h_tokens: 200,
    output_tokens: 45,
    reasoning_tokens: 0,
    cost_usd: 0.007755,
  },
  {
    input_tokens: 25,
    cache_read_tokens: 5200,
    cache_write_5m_tokens: 80,
    cache_write_1h_tokens: 0,
    output_tokens: 12,
    reasoning_tokens: 0,
    cost_usd: 0.002115,
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

describe.skipIf(!cli)(`Claude Code ${cli?.version ?? ''} through the proxy`, () => {
  let stack: ToolStack | undefined;
  let run: CliRun;
  let output: ClaudeResult;

  beforeAll(async () => {
    stack = await startToolStack((sandbox, dialect, names) =>
      // Read is read-only and allowed without a permission prompt inside the working directory; it wants
      // an absolute path.
      dialect === 'anthropic' && names.includes('Read')
        ? { name: 'Read', args: { file_path: sandbox.markerFile } }
        : null,
    );
    run = await stack.run(
      cli!,
      ['-p', 'Read marker.txt and tell me what it says.', '--model', MODEL, '--output-format', 'json'],
      {
        // The bare proxy URL: Claude Code appends /v1/messages itself, and the tool is recognised by its UA.
        ANTHROPIC_BASE_URL: stack.baseUrl,
        ANTHROPIC_API_KEY: 'sk-ant-farebox-tools-test',
        // Offline settings (protocols.md §6.11): without them it resolves api.anthropic.com at start.
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
    expect(output).toMatchObject({ is_error: false, num_turns: 2, result: stack!.finalText });
    expectTwoTurnToolLoop(stack!);
  });

  it('talks to 127.0.0.1 only', () => {
    expectLoopbackOnly(run);
  });

  it('reaches the upstream unchanged: path, query, body and headers', () => {
    const pairs = expectForwardedUnchanged(stack!);
    // The HEAD / probe of the base URL is answered by the proxy itself.
    expect(stack!.tap.requests[0]).toMatchObject({ method: 'HEAD', url: '/' });
    expect(stack!.upstream.requests.some((request) => request.method === 'HEAD')).toBe(false);
    for (const pair of pairs) {
      expect(pair.received.url).toBe('/v1/messages?beta=true');
      expect(sentHeader(pair, 'user-agent')).toMatch(/^claude-cli\/2\.1\.197 \(external, sdk-cli\)$/);
      expect(sentHeader(pair, 'x-app')).toBe('cli');
      expect(sentHeader(pair, 'anthropic-version')).toBe('2023-06-01');
      expect(sentHeader(pair, 'anthropic-beta')).toContain('claude-code-20250219');
      expect(sentHeader(pair, 'x-claude-code-session-id')).toBe(output.session_id);
    }
  });

  it('logs both turns as claude-code with the session id, exact tokens and cost', async () => {
    const rows = await expectLoggedRows(stack!, {
      tool: 'claude-code',
      sessionId: output.session_id,
      dialect: 'anthropic',
      endpoint: 'anthropic-messages',
      provider: 'anthropic',
      model: MODEL,
      turns: TURNS,
    });
    // Claude Code prices the same usage itself; the proxy's total must agree with the tool's own figure.
    const total = rows.reduce((sum, row) => sum + (row.cost_usd ?? 0), 0);
    expect(total).toBeCloseTo(output.total_cost_usd, 9);
    // And the CLI received the usage the upstream sent, summed over both turns.
    expect(output.usage).toMatchObject({
      input_tokens: 335,
      cache_read_input_tokens: 9200,
      output_tokens: 57,
    });
    expect(modelCalls(stack!)).toHaveLength(2);
  });
});
