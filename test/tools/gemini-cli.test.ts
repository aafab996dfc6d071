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

const cli = findCli('gemini-cli');
warnIfMissing('gemini-cli', cli);

const MODEL = 'gemini-2.5-flash';

/**
 * gemini-2.5-flash list prices ($/M): 0.30 input, 0.03 cached, 2.50 output. promptTokenCount includes the
 * cached tokens and thoughts are billed as output (protocols.md §4.3).
 * Tool turn: (2500−1024)=1476×0.3 + 1024×0.03 + (30+64)×2.5 = 442.8 + 30.72 + 235 = 708.52 µ$.
 * Final turn: (2700−2048)=652×0.3 + 2048×0.03 + 15×2.5 = 195.6 + 61.44 + 37.5 = 294.54 µ$.
 */
const TURNS = [
  {
    input_tokens: 1476,
    cache_read_tokens: 1024,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    output_tokens: 94,
    reasoning_tokens: 64,
    cost_usd: 0.00070852,
  },
  {
    input_tokens: 652,
    cache_read_tokens: 2048,
    cache_write_5m_tokens: 0,
    cache_write_1h_tokens: 0,
    output_tokens: 15,
    reasoning_tokens: 0,
    cost_usd: 0.00029454,
  },
] as const;

/**
 * With GOOGLE_GEMINI_BASE_URL set, -p mode still needs the gemini-api-key auth type selected (protocols.md
 * §6.11). Folder trust would stop a headless run in an untrusted directory; statistics, telemetry and update
 * checks call Google; maxAttempts 1 turns retries off.
 */
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

describe.skipIf(!cli)(`Gemini CLI ${cli?.version ?? ''} through the proxy`, () => {
  let stack: ToolStack | undefined;
  let run: CliRun;
  let output: GeminiOutput;

  beforeAll(async () => {
    stack = await startToolStack((sandbox, dialect, names) =>
      // read_file is read-only, so a headless run executes it without asking.
      dialect === 'gemini' && names.includes('read_file')
        ? { name: 'read_file', args: { file_path: sandbox.markerFile } }
        : null,
    );
    const geminiDir = join(stack.sandbox.home, '.gemini');
    mkdirSync(geminiDir, { recursive: true });
    writeFileSync(join(geminiDir, 'settings.json'), JSON.stringify(SETTINGS, null, 2));
    run = await stack.run(
      cli!,
      // An explicit -m: without it a model-routing side call expects JSON from the model and retries.
      ['-p', 'Read marker.txt and tell me what it says.', '-m', MODEL, '--output-format', 'json'],
      { GEMINI_API_KEY: 'farebox-tools-test-key', GOOGLE_GEMINI_BASE_URL: stack.baseUrl },
    );
    expect(run.code, describeRun(run)).toBe(0);
    output = JSON.parse(run.stdout) as GeminiOutput;
  }, 100_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('finishes a two-turn tool loop and prints the final text', () => {
    expect(output.response).toBe(stack!.finalText);
    expectTwoTurnToolLoop(stack!);
  });

  it('talks to 127.0.0.1 only', () => {
    expectLoopbackOnly(run);
  });

  it('reaches the upstream unchanged: path, query, body and headers', () => {
    const pairs = expectForwardedUnchanged(stack!);
    expect(pairs).toHaveLength(2);
    for (const pair of pairs) {
      expect(pair.received.url).toBe(`/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`);
      // Note the -tui surface even in -p mode.
      expect(sentHeader(pair, 'user-agent')).toMatch(/^GeminiCLI-tui\/0\.61\.0\/gemini-2\.5-flash \(/);
      expect(sentHeader(pair, 'x-goog-api-client')).toMatch(/google-genai-sdk\/.* gl-node\//);
      expect(sentHeader(pair, 'x-goog-api-key')).toBe('farebox-tools-test-key');
    }
  });

  it('logs both turns as gemini-cli with exact tokens and cost', async () => {
    // Gemini CLI sends no session id over the Gemini API (neither header nor body), so none is recorded.
    await expectLoggedRows(stack!, {
      tool: 'gemini-cli',
      sessionId: null,
      dialect: 'gemini',
      endpoint: 'gemini-stream-generate',
      provider: 'gemini',
      model: MODEL,
      turns: TURNS,
    });
    // The CLI itself received the upstream's usage unchanged, summed over both turns.
    expect(output.stats.models[MODEL]?.tokens).toMatchObject({
      prompt: 5200,
      cached: 3072,
      candidates: 45,
      thoughts: 64,
    });
  });
});
