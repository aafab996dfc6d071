import { join } from 'node:path';
import { ZERO_USAGE, type TokenUsage } from '../../../../shared/usage';
import type { RequestEntry } from '../../../../electron/core/store/request-entry';

/**
 * The sample logs in test/fixtures/import, written in the shapes the real CLIs write (Claude Code 2.1.197 and
 * 1.0.x, Codex 0.171.0 and 0.46.0); see the README there for what each file exercises.
 */
export const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'import');
export const CLAUDE_DIR = join(FIXTURES, 'claude-code');
export const CODEX_DIR = join(FIXTURES, 'codex');

export const S1 = '0b7e3a52-5f0c-4d8e-9a41-2c6f1d9e7b10';
export const S2 = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
export const S3 = 'e4f5a6b7-c8d9-4e0f-a1b2-c3d4e5f6a7b8';
export const AGENT = 'a4f09c2d1e8b7a6c5';
export const CLAUDE_FILES = {
  s1: join(CLAUDE_DIR, 'projects', '-home-dev-webapp', `${S1}.jsonl`),
  subagent: join(CLAUDE_DIR, 'projects', '-home-dev-webapp', S1, 'subagents', `agent-${AGENT}.jsonl`),
  s2: join(CLAUDE_DIR, 'projects', '-home-dev-webapp', `${S2}.jsonl`),
  s3: join(CLAUDE_DIR, 'projects', '-home-dev-api', `${S3}.jsonl`),
};

/** Message ids and request ids of the Claude Code fixture. */
export const MSG = {
  /** sonnet-4-5, three lines (thinking, text, tool_use) in S1, copied again into S2. */
  a1: { id: 'msg_01Hq7vJ4kR2mN8pX3sT6wY9z', req: 'req_011CVr3mKp8XyZ1aB2cD3eF4' },
  /** sonnet-4-5, one line written twice in S1, copied into S2. */
  a2: { id: 'msg_01Jb2wK5mT9pQ4rY7uV1xZ3a', req: 'req_011CVr3nLq9YzA2bC3dE4fG5' },
  /** haiku-4-5, sidechain lines inside S1 (older releases). */
  a3: { id: 'msg_01Kc3xL6nU1qR5sZ8vW2yA4b', req: 'req_011CVr3pMr1ZaB3cD4eF5gH6' },
  /** sonnet-4-5 in the sub-agent file: a provisional line (output 1, no stop_reason), then the final one. */
  a4: { id: 'msg_01Ld4yM7oV2rS6tA9wX3zB5c', req: 'req_011CVr3qNs2AbC4dE5fG6hI7' },
  a5: { id: 'msg_01Me5zN8pW3sT7uB1xY4aC6d', req: 'req_011CVr3rOt3BcD5eF6gH7iJ8' },
  /** sonnet-4-5 in S3: the request the proxy tests also record. */
  a6: { id: 'msg_01Pg7bQ1rY5uV9wD3zA6cE8f', req: 'req_011CVr3tQv5DeF7gH8iJ9kL1' },
  /** glm-4.6 in S3: a third-party model without a price. */
  a7: { id: 'msg_01Qh8cR2sZ6vW1xE4aB7dF9g', req: 'req_glm_8f2c1a9e' },
  /** opus-4-1 in S2 (1h cache writes), two lines. */
  a8: { id: 'msg_01Nf6aP9qX4tU8vC2yZ5bD7e', req: 'req_011CVr3sPu4CdE6fG7hI8jK9' },
};

export const T1 = '019aa6f2-3c41-7d52-9e10-4b7a2c8d5e61';
export const T2 = '0199e3a4-5b6c-7d8e-9f01-a2b3c4d5e6f7';
export const CODEX_FILES = {
  /** 0.171.0, ChatGPT sign-in (plan rate limits): token_usage_record per response, token_count repeats. */
  current: join(CODEX_DIR, 'sessions', '2026', '11', '21', `rollout-2026-11-21T14-05-09-${T1}.jsonl`),
  /** 0.46.0, API key: token_count events only, each announced twice, one with only the running total. */
  legacy: join(CODEX_DIR, 'sessions', '2025', '10', '14', `rollout-2025-10-14T16-40-11-${T2}.jsonl`),
};
export const RESPONSES = {
  r1: 'resp_0a7c1e2f3b4d5a6e7f8091a2b3c4d5e6',
  r2: 'resp_1b8d2f304c5e6b7f8091a2b3c4d5e6f7',
  r3: 'resp_2c9e3a415d6f7c8091a2b3c4d5e6f708',
};

export function usage(fields: Partial<TokenUsage>): TokenUsage {
  return { ...ZERO_USAGE, ...fields };
}

/** A finished proxy row, to be stored before an import. */
export function proxyEntry(overrides: Partial<RequestEntry>): RequestEntry {
  return {
    id: '019aa6f2-0000-7000-8000-000000000001',
    startedAt: Date.UTC(2026, 10, 21, 16, 30),
    finishedAt: Date.UTC(2026, 10, 21, 16, 30, 9),
    ttfbMs: 800,
    durationMs: 9000,
    tool: 'claude-code',
    sessionId: S3,
    dialect: 'anthropic',
    endpoint: 'anthropic-messages',
    provider: 'anthropic',
    requestedModel: 'claude-sonnet-4-5-20250929',
    servedModel: 'claude-sonnet-4-5-20250929',
    stream: true,
    status: 200,
    outcome: 'ok',
    errorMessage: null,
    usage: usage({ inputTokens: 8, cacheReadTokens: 9000, cacheWrite5mTokens: 500, outputTokens: 300 }),
    costUsd: 0.009099,
    priceSource: 'genai-prices@test',
    priceRef: 'anthropic/claude-sonnet-4-5',
    requestBytes: 1000,
    responseBytes: 2000,
    upstreamEndpoint: 'anthropic-messages',
    ruleId: null,
    baselineCostUsd: 0.009099,
    baselinePriceRef: 'anthropic/claude-sonnet-4-5',
    attempts: [],
    tags: [],
    upstreamRequestId: MSG.a6.req,
    taskId: S3,
    poolId: null,
    billing: 'on_demand',
    source: 'proxy',
    ...overrides,
  };
}
