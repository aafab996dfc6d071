/** One kind of request the bench drives, sent identically to the fake upstream and through the proxy. */
export interface Scenario {
  id: string;
  title: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** A substring every complete, successful response contains (checked once before the load runs). */
  expect: string;
  /**
   * What the "direct" side sends instead, when the proxy translates: the request the upstream receives, so
   * the added latency is the proxy's (translation included) and not a difference between two upstreams.
   */
  direct?: DirectRequest;
}

export interface DirectRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  expect: string;
}

/** The request sent straight to the fake upstream for a scenario. */
export function directRequest(scenario: Scenario): DirectRequest {
  return scenario.direct ?? scenario;
}

/** The model the translated scenario asks for; the bench config routes it to an OpenAI chat model. */
export const TRANSLATED_MODEL = 'claude-bench-translated';

const SYSTEM_PROMPT =
  'You are a coding assistant working inside a TypeScript monorepo. Prefer small, focused changes, keep the ' +
  'existing style, explain trade-offs briefly and never invent APIs. When you are unsure about a file, ask to ' +
  'read it first instead of guessing its contents.';

const CODE_SNIPPET = [
  'export function parseDuration(text: string): number {',
  '  const match = /^(\\d+)(ms|s|m)$/.exec(text.trim());',
  '  if (!match) throw new Error(`invalid duration: ${text}`);',
  '  const value = Number(match[1]);',
  "  return match[2] === 'ms' ? value : match[2] === 's' ? value * 1000 : value * 60_000;",
  '}',
].join('\n');

const USER_TURN = `Here is a helper from src/util/duration.ts:\n\n${CODE_SNIPPET}\n\nAdd support for hours ("h") and write two vitest cases for it.`;

const ASSISTANT_TURN =
  'Sure. I will extend the regular expression with an "h" unit, multiply by 3_600_000 for it, and add tests ' +
  'for "2h" and for an invalid unit.';

const openaiChat: Scenario = {
  id: 'openai-chat',
  title: 'OpenAI chat, JSON',
  path: '/v1/chat/completions',
  headers: {
    'content-type': 'application/json',
    authorization: 'Bearer sk-bench-0000000000000000',
    'user-agent': 'OpenAI/JS 6.30.1',
    'x-stainless-lang': 'js',
  },
  body: JSON.stringify({
    model: 'gpt-5',
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: USER_TURN },
      { role: 'assistant', content: ASSISTANT_TURN },
      { role: 'user', content: 'Go ahead, and keep the error message unchanged.' },
    ],
    temperature: 0.2,
    max_completion_tokens: 1024,
    user: 'bench-user-42',
  }),
  expect: '"chat.completion"',
};

const anthropicStream: Scenario = {
  id: 'anthropic-sse',
  title: 'Anthropic messages, SSE',
  path: '/v1/messages',
  headers: {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'x-api-key': 'sk-ant-bench-0000000000000000',
    'anthropic-version': '2023-06-01',
    'user-agent': 'claude-cli/2.1.0 (external, cli)',
    'x-app': 'cli',
  },
  body: JSON.stringify({
    model: 'claude-sonnet-4-6',
    max_tokens: 1024,
    stream: true,
    system: [{ type: 'text', text: SYSTEM_PROMPT }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: USER_TURN }] },
      { role: 'assistant', content: [{ type: 'text', text: ASSISTANT_TURN }] },
      { role: 'user', content: [{ type: 'text', text: 'Go ahead, and keep the error message unchanged.' }] },
    ],
    metadata: { user_id: 'user_bench_account_0000_session_6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f' },
  }),
  expect: 'event: message_stop',
};

/**
 * Claude Code's request answered by an OpenAI chat model: Anthropic in, chat upstream, Anthropic events out.
 * Compared with the chat request the proxy sends upstream, it shows what translation adds.
 */
const anthropicTranslated: Scenario = {
  ...anthropicStream,
  id: 'anthropic-sse-translated',
  title: 'Anthropic messages, SSE, served by an OpenAI chat model',
  body: JSON.stringify({ ...JSON.parse(anthropicStream.body), model: TRANSLATED_MODEL }),
  direct: {
    path: '/v1/chat/completions',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: 'Bearer sk-bench-0000000000000000',
      'user-agent': 'claude-cli/2.1.0 (external, cli)',
    },
    body: JSON.stringify({
      model: 'gpt-5',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 1024,
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: USER_TURN },
        { role: 'assistant', content: ASSISTANT_TURN },
        { role: 'user', content: 'Go ahead, and keep the error message unchanged.' },
      ],
      user: 'user_bench_account_0000_session_6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
    }),
    expect: 'data: [DONE]',
  },
};

export const SCENARIOS: readonly Scenario[] = [openaiChat, anthropicStream, anthropicTranslated];
