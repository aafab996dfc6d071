import { describe, it, expect } from 'vitest';
import type {
  ApiDialect,
  RouteTarget,
  RoutingConfig,
  RoutingRule,
  RuleConditions,
} from '../../../../shared/routing';
import { requestFacts, type RequestFacts } from '../../../../electron/core/routing/request-facts';
import { Router } from '../../../../electron/core/routing/rule-match';

type Json = Record<string, unknown>;

const CHEAP: RouteTarget = { provider: 'cheap', model: 'gpt-5-mini' };
const BACKUP: RouteTarget = { provider: 'backup', model: 'gpt-5' };
const LOCAL: RouteTarget = { provider: 'local', model: 'qwen3-coder' };

/** A Monday, 10:00 UTC. */
const MONDAY_10_UTC = new Date('2025-01-06T10:00:00Z');

interface FactsInput {
  dialect?: ApiDialect;
  body?: Json;
  tool?: string;
  /** undefined: the body's model; null: no model. */
  model?: string | null;
  headers?: Record<string, string | string[] | undefined>;
}

function facts(input: FactsInput = {}): RequestFacts {
  const body = input.body ?? anthropicBody('hello');
  const model = input.model !== undefined ? input.model : typeof body.model === 'string' ? body.model : null;
  return requestFacts(
    input.dialect ?? 'anthropic',
    body,
    input.tool ?? 'claude-code',
    model,
    input.headers ?? {},
  );
}

function anthropicBody(text: string, extra: Json = {}): Json {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: text }],
    ...extra,
  };
}

function router(rules: RoutingRule[], aliases: RoutingConfig['aliases'] = {}): Router {
  return new Router({ aliases, rules });
}

/** A single rule with `when`, routing to CHEAP. */
function ruleWhen(when: RuleConditions): RoutingRule {
  return { id: 'under-test', when, then: { route: CHEAP } };
}

function matches(when: RuleConditions, f: RequestFacts, now: Date = MONDAY_10_UTC): boolean {
  return router([ruleWhen(when)]).decide(f, now).rule?.id === 'under-test';
}

/** Why the rule with `when` does not match (empty when it does). */
function reasons(when: RuleConditions, f: RequestFacts, now: Date = MONDAY_10_UTC): string[] {
  const [evaluation] = router([ruleWhen(when)]).explain(f, now);
  return evaluation!.reasons;
}

describe('rule order', () => {
  it('the first enabled rule whose conditions hold wins', () => {
    const r = router([
      { id: 'gpt', when: { models: ['gpt-*'] }, then: { route: BACKUP } },
      { id: 'claude', when: { models: ['claude-*'] }, then: { route: CHEAP } },
      { id: 'catch-all', then: { route: LOCAL } },
    ]);
    const decision = r.decide(facts());
    expect(decision.rule?.id).toBe('claude');
    expect(decision.targets).toEqual([CHEAP]);
  });

  it('a rule without `when` matches every request', () => {
    const decision = router([{ id: 'all', then: { route: LOCAL } }]).decide(
      facts({ dialect: 'gemini', body: { contents: [] }, model: null, tool: 'unknown' }),
    );
    expect(decision.rule?.id).toBe('all');
  });

  it('skips disabled rules even when they would match', () => {
    const r = router([
      { id: 'off', enabled: false, then: { route: BACKUP } },
      { id: 'on', enabled: true, then: { route: CHEAP } },
    ]);
    expect(r.decide(facts()).rule?.id).toBe('on');
  });

  it('passes to the default provider when no rule matches', () => {
    const decision = router([{ id: 'gpt', when: { models: ['gpt-*'] }, then: { route: CHEAP } }]).decide(
      facts(),
    );
    expect(decision).toMatchObject({ rule: null, action: 'pass', targets: [], reject: null });
  });

  it('all conditions of a rule must hold', () => {
    const when: RuleConditions = { tools: ['claude-code'], models: ['gpt-*'] };
    expect(matches(when, facts())).toBe(false);
    expect(matches(when, facts({ model: 'gpt-5' }))).toBe(true);
  });

  it('isEmpty only without enabled rules and aliases', () => {
    expect(router([]).isEmpty).toBe(true);
    expect(router([{ id: 'off', enabled: false, then: { pass: true } }]).isEmpty).toBe(true);
    expect(router([], { cheap: CHEAP }).isEmpty).toBe(false);
    expect(router([{ id: 'on', then: { pass: true } }]).isEmpty).toBe(false);
  });
});

describe('when.tools', () => {
  it('matches an exact tool name', () => {
    expect(matches({ tools: ['claude-code'] }, facts({ tool: 'claude-code' }))).toBe(true);
    expect(matches({ tools: ['codex', 'claude-code'] }, facts({ tool: 'claude-code' }))).toBe(true);
  });

  it('does not match another tool', () => {
    expect(matches({ tools: ['codex'] }, facts({ tool: 'claude-code' }))).toBe(false);
    expect(reasons({ tools: ['codex'] }, facts({ tool: 'claude-code' }))).toEqual([
      'tool "claude-code" is not "codex"',
    ]);
  });

  it('is anchored: a name is not a prefix match', () => {
    expect(matches({ tools: ['claude'] }, facts({ tool: 'claude-code' }))).toBe(false);
  });

  it('expands * globs', () => {
    expect(matches({ tools: ['claude*'] }, facts({ tool: 'claude-code' }))).toBe(true);
    expect(matches({ tools: ['*-code'] }, facts({ tool: 'claude-code' }))).toBe(true);
    expect(matches({ tools: ['*'] }, facts({ tool: 'unknown' }))).toBe(true);
    expect(matches({ tools: ['gemini*'] }, facts({ tool: 'claude-code' }))).toBe(false);
  });

  it('treats regex characters in a tool name literally', () => {
    expect(matches({ tools: ['cline.bot'] }, facts({ tool: 'cline.bot' }))).toBe(true);
    expect(matches({ tools: ['cline.bot'] }, facts({ tool: 'clinexbot' }))).toBe(false);
  });
});

describe('when.dialects', () => {
  const openAi: RuleConditions = { dialects: ['openai-chat', 'openai-responses'] };

  it('matches a listed dialect', () => {
    expect(matches(openAi, facts({ dialect: 'openai-chat', body: { model: 'gpt-5', messages: [] } }))).toBe(
      true,
    );
    expect(
      matches(openAi, facts({ dialect: 'openai-responses', body: { model: 'gpt-5', input: 'hi' } })),
    ).toBe(true);
  });

  it('does not match another dialect', () => {
    expect(matches(openAi, facts({ dialect: 'anthropic' }))).toBe(false);
    expect(reasons(openAi, facts({ dialect: 'anthropic' }))).toEqual([
      'dialect anthropic is not one of "openai-chat", "openai-responses"',
    ]);
  });
});

describe('when.models', () => {
  it('matches a glob', () => {
    expect(matches({ models: ['claude-*'] }, facts({ model: 'claude-sonnet-4-5' }))).toBe(true);
    expect(matches({ models: ['gpt-5', 'claude-*'] }, facts({ model: 'claude-haiku-4-5' }))).toBe(true);
  });

  it('is case-insensitive', () => {
    expect(matches({ models: ['claude-*'] }, facts({ model: 'Claude-Opus-4-1' }))).toBe(true);
    expect(matches({ models: ['GPT-5'] }, facts({ model: 'gpt-5' }))).toBe(true);
  });

  it('is anchored at both ends', () => {
    expect(matches({ models: ['claude-*'] }, facts({ model: 'us.anthropic.claude-sonnet-4-5' }))).toBe(false);
    expect(matches({ models: ['gpt-5'] }, facts({ model: 'gpt-5-mini' }))).toBe(false);
  });

  it('? matches exactly one character', () => {
    expect(matches({ models: ['gpt-?'] }, facts({ model: 'gpt-5' }))).toBe(true);
    expect(matches({ models: ['gpt-?'] }, facts({ model: 'gpt-5-mini' }))).toBe(false);
  });

  it('does not match another model', () => {
    expect(matches({ models: ['claude-*'] }, facts({ model: 'gpt-5' }))).toBe(false);
    expect(reasons({ models: ['claude-*'] }, facts({ model: 'gpt-5' }))).toEqual([
      'model "gpt-5" is not "claude-*"',
    ]);
  });

  it('never matches a request without a model, not even "*"', () => {
    expect(matches({ models: ['*'] }, facts({ model: null }))).toBe(false);
    expect(reasons({ models: ['claude-*'] }, facts({ model: null }))).toEqual([
      'model (none) is not "claude-*"',
    ]);
  });
});

describe('when.inputTokens', () => {
  // Only message text and the system prompt / tool definitions are counted: about 4 characters per token.
  const textOf = (chars: number) => anthropicBody('x'.repeat(chars));
  const png = {
    type: 'image',
    source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo'.repeat(50) },
  };

  it('estimates 4 characters per token, rounded up', () => {
    expect(facts({ body: textOf(400) }).estimatedInputTokens()).toBe(100);
    expect(facts({ body: textOf(401) }).estimatedInputTokens()).toBe(101);
  });

  it('counts the system prompt and the tool definitions too', () => {
    const body = anthropicBody('x'.repeat(400), { system: 'y'.repeat(400) });
    expect(facts({ body }).estimatedInputTokens()).toBe(200);
    const withTools = anthropicBody('x'.repeat(400), { tools: [{ name: 'abcd' }] });
    // "name" (4) + "abcd" (4) = 8 characters = 2 tokens.
    expect(facts({ body: withTools }).estimatedInputTokens()).toBe(102);
  });

  it('adds 1,600 tokens per image, whatever its encoded size', () => {
    const body = anthropicBody('', {
      messages: [{ role: 'user', content: [png, { type: 'text', text: 'x'.repeat(400) }] }],
    });
    expect(facts({ body }).estimatedInputTokens()).toBe(1700);
    expect(matches({ inputTokens: { min: 1700 } }, facts({ body }))).toBe(true);
    expect(matches({ inputTokens: { min: 1701 } }, facts({ body }))).toBe(false);
  });

  it('min is inclusive', () => {
    expect(matches({ inputTokens: { min: 100 } }, facts({ body: textOf(400) }))).toBe(true);
    expect(matches({ inputTokens: { min: 101 } }, facts({ body: textOf(400) }))).toBe(false);
    expect(reasons({ inputTokens: { min: 101 } }, facts({ body: textOf(400) }))).toEqual([
      'estimated input 100 tokens is below 101',
    ]);
  });

  it('max is inclusive', () => {
    expect(matches({ inputTokens: { max: 100 } }, facts({ body: textOf(400) }))).toBe(true);
    expect(matches({ inputTokens: { max: 99 } }, facts({ body: textOf(400) }))).toBe(false);
    expect(reasons({ inputTokens: { max: 99 } }, facts({ body: textOf(400) }))).toEqual([
      'estimated input 100 tokens is above 99',
    ]);
  });

  it('min and max together form a range', () => {
    const range: RuleConditions = { inputTokens: { min: 50, max: 150 } };
    expect(matches(range, facts({ body: textOf(196) }))).toBe(false); // 49 tokens
    expect(matches(range, facts({ body: textOf(200) }))).toBe(true); // 50
    expect(matches(range, facts({ body: textOf(600) }))).toBe(true); // 150
    expect(matches(range, facts({ body: textOf(604) }))).toBe(false); // 151
  });
});

interface DialectBodies {
  dialect: ApiDialect;
  plain: Json;
  withTools: Json;
  withImage: Json;
  withThinking: Json;
  thinkingOff: Json;
}

const DIALECT_BODIES: DialectBodies[] = [
  {
    dialect: 'anthropic',
    plain: { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] },
    withTools: {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      tools: [{ name: 'read_file', input_schema: { type: 'object', properties: {} } }],
      messages: [{ role: 'user', content: 'hi' }],
    },
    withImage: {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'text', text: 'what is this?' },
          ],
        },
      ],
    },
    withThinking: {
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'hi' }],
    },
    thinkingOff: {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      thinking: { type: 'disabled' },
      messages: [{ role: 'user', content: 'hi' }],
    },
  },
  {
    dialect: 'openai-chat',
    plain: { model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }] },
    withTools: {
      model: 'gpt-5',
      tools: [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object' } } }],
      messages: [{ role: 'user', content: 'hi' }],
    },
    withImage: {
      model: 'gpt-5',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'text', text: 'what is this?' },
          ],
        },
      ],
    },
    withThinking: { model: 'gpt-5', reasoning_effort: 'high', messages: [{ role: 'user', content: 'hi' }] },
    thinkingOff: { model: 'gpt-5', reasoning_effort: 'minimal', messages: [{ role: 'user', content: 'hi' }] },
  },
  {
    dialect: 'openai-responses',
    plain: { model: 'gpt-5', input: 'hi' },
    withTools: {
      model: 'gpt-5',
      tools: [{ type: 'function', name: 'read_file', parameters: { type: 'object' } }],
      input: 'hi',
    },
    withImage: {
      model: 'gpt-5',
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
            { type: 'input_text', text: 'what is this?' },
          ],
        },
      ],
    },
    withThinking: { model: 'gpt-5', reasoning: { effort: 'medium' }, input: 'hi' },
    thinkingOff: { model: 'gpt-5', reasoning: { effort: 'none' }, input: 'hi' },
  },
  {
    dialect: 'gemini',
    plain: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] },
    withTools: {
      tools: [{ functionDeclarations: [{ name: 'read_file', parameters: { type: 'OBJECT' } }] }],
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
    },
    withImage: {
      contents: [
        {
          role: 'user',
          parts: [{ inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }, { text: 'what is this?' }],
        },
      ],
    },
    withThinking: {
      generationConfig: { thinkingConfig: { thinkingBudget: 1024 } },
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
    },
    thinkingOff: {
      generationConfig: { thinkingConfig: { thinkingBudget: 0 } },
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
    },
  },
];

describe.each(DIALECT_BODIES)('hasTools / hasImages / thinking: $dialect', (bodies) => {
  const of = (body: Json) => facts({ dialect: bodies.dialect, body, model: 'm' });

  it('hasTools: true matches a request with tools, not one without', () => {
    expect(matches({ hasTools: true }, of(bodies.withTools))).toBe(true);
    expect(matches({ hasTools: true }, of(bodies.plain))).toBe(false);
    expect(reasons({ hasTools: true }, of(bodies.plain))).toEqual(['request has no tools']);
  });

  it('hasTools: false matches a request without tools, not one with', () => {
    expect(matches({ hasTools: false }, of(bodies.plain))).toBe(true);
    expect(matches({ hasTools: false }, of(bodies.withTools))).toBe(false);
    expect(reasons({ hasTools: false }, of(bodies.withTools))).toEqual(['request has tools']);
  });

  it('hasImages: true matches a request with an image, not one without', () => {
    expect(matches({ hasImages: true }, of(bodies.withImage))).toBe(true);
    expect(matches({ hasImages: true }, of(bodies.plain))).toBe(false);
    expect(reasons({ hasImages: true }, of(bodies.plain))).toEqual(['request has no images']);
  });

  it('hasImages: false matches a request without images, not one with', () => {
    expect(matches({ hasImages: false }, of(bodies.plain))).toBe(true);
    expect(matches({ hasImages: false }, of(bodies.withImage))).toBe(false);
    expect(reasons({ hasImages: false }, of(bodies.withImage))).toEqual(['request has images']);
  });

  it('thinking: true matches a request asking for thinking, not one without or switched off', () => {
    expect(matches({ thinking: true }, of(bodies.withThinking))).toBe(true);
    expect(matches({ thinking: true }, of(bodies.plain))).toBe(false);
    expect(matches({ thinking: true }, of(bodies.thinkingOff))).toBe(false);
    expect(reasons({ thinking: true }, of(bodies.plain))).toEqual(['thinking is not requested']);
  });

  it('thinking: false matches a request without thinking, not one asking for it', () => {
    expect(matches({ thinking: false }, of(bodies.plain))).toBe(true);
    expect(matches({ thinking: false }, of(bodies.thinkingOff))).toBe(true);
    expect(matches({ thinking: false }, of(bodies.withThinking))).toBe(false);
    expect(reasons({ thinking: false }, of(bodies.withThinking))).toEqual(['thinking is requested']);
  });
});

describe('thinking: dialect details', () => {
  it('anthropic adaptive thinking counts as thinking', () => {
    const body = anthropicBody('hi', { thinking: { type: 'adaptive' } });
    expect(facts({ body }).thinking()).toBe(true);
  });

  it('gemini: a dynamic budget (-1), a thinkingLevel or includeThoughts count; an empty config does not', () => {
    const gemini = (thinkingConfig: Json) =>
      facts({ dialect: 'gemini', body: { generationConfig: { thinkingConfig }, contents: [] } }).thinking();
    expect(gemini({ thinkingBudget: -1 })).toBe(true);
    expect(gemini({ thinkingLevel: 'high' })).toBe(true);
    expect(gemini({ includeThoughts: true })).toBe(true);
    expect(gemini({})).toBe(false);
  });

  it('the fields of another dialect are not read', () => {
    expect(
      facts({ dialect: 'openai-chat', body: { reasoning: { effort: 'high' }, messages: [] } }).thinking(),
    ).toBe(false);
    expect(
      facts({ dialect: 'openai-responses', body: { reasoning_effort: 'high', input: 'hi' } }).thinking(),
    ).toBe(false);
  });
});

describe('hasTools: dialect details', () => {
  it('an empty tools array is no tools', () => {
    expect(facts({ body: anthropicBody('hi', { tools: [] }) }).hasTools()).toBe(false);
  });

  it('gemini counts only function declarations', () => {
    const gemini = (tools: unknown[]) =>
      facts({ dialect: 'gemini', body: { tools, contents: [] }, model: 'gemini-2.5-pro' }).hasTools();
    expect(gemini([{ functionDeclarations: [] }])).toBe(false);
    expect(gemini([{ functionDeclarations: [{ name: 'f' }] }])).toBe(true);
  });
});

describe('when.lastUserMessage', () => {
  it('a plain pattern is a case-sensitive regular expression', () => {
    expect(matches({ lastUserMessage: 'deploy' }, facts({ body: anthropicBody('please deploy it') }))).toBe(
      true,
    );
    expect(matches({ lastUserMessage: 'deploy' }, facts({ body: anthropicBody('please Deploy it') }))).toBe(
      false,
    );
    expect(matches({ lastUserMessage: '^fix\\b' }, facts({ body: anthropicBody('fix the tests') }))).toBe(
      true,
    );
    expect(matches({ lastUserMessage: '^fix\\b' }, facts({ body: anthropicBody('prefix the tests') }))).toBe(
      false,
    );
  });

  it('"/pattern/flags" applies the flags', () => {
    expect(
      matches({ lastUserMessage: '/DEPLOY/i' }, facts({ body: anthropicBody('please deploy it') })),
    ).toBe(true);
    expect(matches({ lastUserMessage: '/DEPLOY/' }, facts({ body: anthropicBody('please deploy it') }))).toBe(
      false,
    );
  });

  it('a stateful /g flag does not make the same rule alternate between requests', () => {
    const r = router([ruleWhen({ lastUserMessage: '/deploy/g' })]);
    const f = () => facts({ body: anthropicBody('deploy') });
    expect(r.decide(f()).rule?.id).toBe('under-test');
    expect(r.decide(f()).rule?.id).toBe('under-test');
  });

  it('reports the pattern when it does not match', () => {
    expect(reasons({ lastUserMessage: '/deploy/i' }, facts({ body: anthropicBody('hello') }))).toEqual([
      'last user message does not match /deploy/i',
    ]);
  });

  it('reads only the last user message, not earlier ones or the assistant', () => {
    const body = anthropicBody('', {
      messages: [
        { role: 'user', content: 'deploy to production' },
        { role: 'assistant', content: 'Should I deploy?' },
        { role: 'user', content: 'no, just run the tests' },
      ],
    });
    expect(matches({ lastUserMessage: 'deploy' }, facts({ body }))).toBe(false);
    expect(matches({ lastUserMessage: 'run the tests' }, facts({ body }))).toBe(true);
  });

  it('joins the text parts of a message with newlines', () => {
    const body = anthropicBody('', {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'first' },
            { type: 'text', text: 'second' },
          ],
        },
      ],
    });
    expect(facts({ body }).lastUserMessage()).toBe('first\nsecond');
  });

  describe('tool results in a user turn are not the user’s text', () => {
    const anthropicToolLoop = (lastUserContent: unknown[]) =>
      anthropicBody('', {
        messages: [
          { role: 'user', content: 'run the tests' },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 't1', name: 'bash', input: { cmd: 'npm test' } }],
          },
          { role: 'user', content: lastUserContent },
        ],
      });

    it('anthropic: a turn of only tool results leaves the last typed text in force', () => {
      const body = anthropicToolLoop([
        { type: 'tool_result', tool_use_id: 't1', content: 'FAILED: 3 tests' },
      ]);
      expect(matches({ lastUserMessage: 'FAILED' }, facts({ body }))).toBe(false);
      expect(matches({ lastUserMessage: '^run the tests$' }, facts({ body }))).toBe(true);
    });

    it('anthropic: text beside a tool result is the user’s text; the result is not', () => {
      const body = anthropicToolLoop([
        {
          type: 'tool_result',
          tool_use_id: 't1',
          content: [{ type: 'text', text: 'FAILED: 3 tests' }],
        },
        { type: 'text', text: 'now commit' },
      ]);
      expect(facts({ body }).lastUserMessage()).toBe('now commit');
      expect(matches({ lastUserMessage: 'FAILED' }, facts({ body }))).toBe(false);
    });

    it('openai-responses: function_call_output items are not user text', () => {
      const body = {
        model: 'gpt-5',
        input: [
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'run the tests' }] },
          { type: 'function_call', call_id: 'c1', name: 'bash', arguments: '{"cmd":"npm test"}' },
          { type: 'function_call_output', call_id: 'c1', output: 'FAILED: 3 tests' },
        ],
      };
      const f = facts({ dialect: 'openai-responses', body });
      expect(f.lastUserMessage()).toBe('run the tests');
      expect(matches({ lastUserMessage: 'FAILED' }, f)).toBe(false);
    });

    it('gemini: functionResponse parts in a user turn are not user text', () => {
      const body = {
        contents: [
          { role: 'user', parts: [{ text: 'run the tests' }] },
          { role: 'model', parts: [{ functionCall: { name: 'bash', args: { cmd: 'npm test' } } }] },
          {
            role: 'user',
            parts: [{ functionResponse: { name: 'bash', response: { output: 'FAILED: 3 tests' } } }],
          },
        ],
      };
      const f = facts({ dialect: 'gemini', body, model: 'gemini-2.5-pro' });
      expect(f.lastUserMessage()).toBe('run the tests');
      expect(matches({ lastUserMessage: 'FAILED' }, f)).toBe(false);
    });

    it('openai-chat: role "tool" messages are not user text', () => {
      const body = {
        model: 'gpt-5',
        messages: [
          { role: 'user', content: 'run the tests' },
          {
            role: 'assistant',
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'bash', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'FAILED: 3 tests' },
        ],
      };
      const f = facts({ dialect: 'openai-chat', body });
      expect(f.lastUserMessage()).toBe('run the tests');
      expect(matches({ lastUserMessage: 'FAILED' }, f)).toBe(false);
    });
  });
});

describe('when.headers', () => {
  it('matches the header value against a regular expression; rule header names are case-insensitive', () => {
    const f = facts({ headers: { 'x-team': 'infra' } });
    expect(matches({ headers: { 'X-Team': '^infra$' } }, f)).toBe(true);
    expect(matches({ headers: { 'x-team': 'inf' } }, f)).toBe(true);
  });

  it('does not match another value', () => {
    const f = facts({ headers: { 'x-team': 'web' } });
    expect(matches({ headers: { 'X-Team': '^infra$' } }, f)).toBe(false);
    expect(reasons({ headers: { 'X-Team': '^infra$' } }, f)).toEqual([
      'header x-team does not match ^infra$',
    ]);
  });

  it('a missing header never matches, even a pattern that matches anything', () => {
    const f = facts({ headers: { 'x-other': 'infra' } });
    expect(matches({ headers: { 'x-team': '.*' } }, f)).toBe(false);
    expect(matches({ headers: { 'x-team': '^$' } }, f)).toBe(false);
    expect(reasons({ headers: { 'x-team': '.*' } }, f)).toEqual(['header x-team is missing']);
  });

  it('every listed header must match', () => {
    const when: RuleConditions = { headers: { 'x-team': 'infra', 'x-env': '^prod$' } };
    expect(matches(when, facts({ headers: { 'x-team': 'infra', 'x-env': 'prod' } }))).toBe(true);
    expect(matches(when, facts({ headers: { 'x-team': 'infra', 'x-env': 'dev' } }))).toBe(false);
  });

  it('a repeated header is matched as its comma-joined values', () => {
    const f = facts({ headers: { 'x-tag': ['a', 'b'] } });
    expect(matches({ headers: { 'x-tag': '^a, b$' } }, f)).toBe(true);
  });

  it('supports the "/pattern/i" form', () => {
    expect(matches({ headers: { 'x-team': '/^INFRA$/i' } }, facts({ headers: { 'x-team': 'infra' } }))).toBe(
      true,
    );
  });
});

describe('when.schedule', () => {
  // 2025-01-06 is a Monday; 2025-01-09 Thursday, 2025-01-10 Friday, 2025-01-11 Saturday.
  const utc = (iso: string) => new Date(`${iso}Z`);

  it('days: matches a listed weekday, not another', () => {
    expect(matches({ schedule: { days: ['mon', 'tue'], timeZone: 'UTC' } }, facts(), MONDAY_10_UTC)).toBe(
      true,
    );
    expect(matches({ schedule: { days: ['sat', 'sun'], timeZone: 'UTC' } }, facts(), MONDAY_10_UTC)).toBe(
      false,
    );
    expect(reasons({ schedule: { days: ['sat', 'sun'], timeZone: 'UTC' } }, facts(), MONDAY_10_UTC)).toEqual([
      'mon is not one of "sat", "sun"',
    ]);
  });

  it('from is inclusive and until exclusive', () => {
    const office: RuleConditions = { schedule: { from: '09:00', until: '17:00', timeZone: 'UTC' } };
    expect(matches(office, facts(), utc('2025-01-06T08:59:00'))).toBe(false);
    expect(matches(office, facts(), utc('2025-01-06T09:00:00'))).toBe(true);
    expect(matches(office, facts(), utc('2025-01-06T16:59:00'))).toBe(true);
    expect(matches(office, facts(), utc('2025-01-06T17:00:00'))).toBe(false);
    expect(reasons(office, facts(), utc('2025-01-06T17:00:00'))).toEqual([
      'local time 17:00 is outside 09:00–17:00',
    ]);
  });

  it('from alone runs to midnight; until alone starts at midnight', () => {
    const evening: RuleConditions = { schedule: { from: '18:00', timeZone: 'UTC' } };
    expect(matches(evening, facts(), utc('2025-01-06T23:59:00'))).toBe(true);
    expect(matches(evening, facts(), utc('2025-01-06T17:59:00'))).toBe(false);
    const morning: RuleConditions = { schedule: { until: '09:00', timeZone: 'UTC' } };
    expect(matches(morning, facts(), utc('2025-01-06T00:00:00'))).toBe(true);
    expect(matches(morning, facts(), utc('2025-01-06T09:00:00'))).toBe(false);
  });

  describe('a window that wraps past midnight (22:00–06:00) belongs to the day it starts', () => {
    const fridayNight: RuleConditions = {
      schedule: { days: ['fri'], from: '22:00', until: '06:00', timeZone: 'UTC' },
    };

    it('matches from Friday 22:00 through Saturday 05:59', () => {
      expect(matches(fridayNight, facts(), utc('2025-01-10T22:00:00'))).toBe(true);
      expect(matches(fridayNight, facts(), utc('2025-01-10T23:30:00'))).toBe(true);
      expect(matches(fridayNight, facts(), utc('2025-01-11T00:00:00'))).toBe(true);
      expect(matches(fridayNight, facts(), utc('2025-01-11T05:59:00'))).toBe(true);
    });

    it('does not match outside the window', () => {
      expect(matches(fridayNight, facts(), utc('2025-01-10T21:59:00'))).toBe(false);
      expect(matches(fridayNight, facts(), utc('2025-01-11T06:00:00'))).toBe(false);
      expect(matches(fridayNight, facts(), utc('2025-01-10T12:00:00'))).toBe(false);
    });

    it('early Friday belongs to Thursday’s night, late Saturday to Saturday’s', () => {
      expect(matches(fridayNight, facts(), utc('2025-01-10T03:00:00'))).toBe(false);
      expect(reasons(fridayNight, facts(), utc('2025-01-10T03:00:00'))).toEqual(['thu is not "fri"']);
      expect(matches(fridayNight, facts(), utc('2025-01-11T23:00:00'))).toBe(false);
      expect(reasons(fridayNight, facts(), utc('2025-01-11T23:00:00'))).toEqual(['sat is not "fri"']);
    });

    it('Sunday 22:00–Monday 06:00 belongs to Sunday (the week wraps too)', () => {
      const sundayNight: RuleConditions = {
        schedule: { days: ['sun'], from: '22:00', until: '06:00', timeZone: 'UTC' },
      };
      expect(matches(sundayNight, facts(), utc('2025-01-06T02:00:00'))).toBe(true);
      expect(matches(sundayNight, facts(), utc('2025-01-05T23:00:00'))).toBe(true);
      expect(matches(sundayNight, facts(), utc('2025-01-07T02:00:00'))).toBe(false);
    });
  });

  describe('time zones', () => {
    // 23:30 UTC on Monday: Tuesday 08:30 in Tokyo (UTC+9), Monday 18:30 in New York (UTC-5 in winter).
    const now = utc('2025-01-06T23:30:00');

    it('uses the rule’s time zone for the weekday', () => {
      expect(matches({ schedule: { days: ['tue'], timeZone: 'Asia/Tokyo' } }, facts(), now)).toBe(true);
      expect(matches({ schedule: { days: ['tue'], timeZone: 'America/New_York' } }, facts(), now)).toBe(
        false,
      );
      expect(reasons({ schedule: { days: ['tue'], timeZone: 'America/New_York' } }, facts(), now)).toEqual([
        'mon is not "tue"',
      ]);
    });

    it('uses the rule’s time zone for the clock', () => {
      const morning = (timeZone: string): RuleConditions => ({
        schedule: { from: '08:00', until: '12:00', timeZone },
      });
      expect(matches(morning('Asia/Tokyo'), facts(), now)).toBe(true);
      expect(matches(morning('America/New_York'), facts(), now)).toBe(false);
      expect(reasons(morning('America/New_York'), facts(), now)).toEqual([
        'local time 18:30 is outside 08:00–12:00',
      ]);
    });

    it('follows daylight saving time', () => {
      const nyOffice: RuleConditions = {
        schedule: { days: ['mon'], from: '09:00', until: '17:00', timeZone: 'America/New_York' },
      };
      // 13:30 UTC is 08:30 EST in January but 09:30 EDT in July (both Mondays).
      expect(matches(nyOffice, facts(), utc('2025-01-06T13:30:00'))).toBe(false);
      expect(matches(nyOffice, facts(), utc('2025-07-07T13:30:00'))).toBe(true);
    });

    it('defaults to the system time zone', () => {
      const localMonday10 = new Date(2025, 0, 6, 10, 0);
      expect(
        matches({ schedule: { days: ['mon'], from: '09:00', until: '11:00' } }, facts(), localMonday10),
      ).toBe(true);
      expect(
        matches({ schedule: { days: ['mon'], from: '11:00', until: '12:00' } }, facts(), localMonday10),
      ).toBe(false);
    });
  });
});

describe('actions', () => {
  it('route: one target', () => {
    const decision = router([{ id: 'r', then: { route: CHEAP } }]).decide(facts());
    expect(decision).toMatchObject({ action: 'route', targets: [CHEAP], reject: null });
    expect(decision.rule?.id).toBe('r');
  });

  it('chain: the targets in the order given', () => {
    const decision = router([{ id: 'c', then: { chain: [LOCAL, CHEAP, BACKUP] } }]).decide(facts());
    expect(decision).toMatchObject({ action: 'chain', targets: [LOCAL, CHEAP, BACKUP], reject: null });
  });

  it('reject: status 403 by default', () => {
    const decision = router([{ id: 'no', then: { reject: { message: 'Not during the freeze' } } }]).decide(
      facts(),
    );
    expect(decision).toMatchObject({
      action: 'reject',
      targets: [],
      reject: { status: 403, message: 'Not during the freeze' },
    });
  });

  it('reject: a given status', () => {
    const decision = router([{ id: 'no', then: { reject: { status: 429, message: 'Slow down' } } }]).decide(
      facts(),
    );
    expect(decision.reject).toEqual({ status: 429, message: 'Slow down' });
  });

  it('pass: the rule fires and the request goes to the default provider', () => {
    const r = router([
      { id: 'keep', when: { models: ['claude-opus-*'] }, then: { pass: true } },
      { id: 'cheapen', when: { models: ['claude-*'] }, then: { route: CHEAP } },
    ]);
    const decision = r.decide(facts({ model: 'claude-opus-4-1' }));
    expect(decision).toMatchObject({ action: 'pass', targets: [], reject: null });
    expect(decision.rule?.id).toBe('keep');
  });
});

describe('aliases', () => {
  const aliases: RoutingConfig['aliases'] = { cheap: CHEAP, fleet: [LOCAL, BACKUP] };

  it('a rule routing to an alias expands to its target', () => {
    const decision = router([{ id: 'r', then: { route: 'cheap' } }], aliases).decide(facts());
    expect(decision.targets).toEqual([CHEAP]);
  });

  it('a rule routing to a multi-target alias expands to all its targets, in order', () => {
    const decision = router([{ id: 'r', then: { route: 'fleet' } }], aliases).decide(facts());
    expect(decision.targets).toEqual([LOCAL, BACKUP]);
  });

  it('a chain mixing aliases and targets is flattened in order', () => {
    const decision = router([{ id: 'c', then: { chain: ['fleet', CHEAP, 'cheap'] } }], aliases).decide(
      facts(),
    );
    expect(decision.targets).toEqual([LOCAL, BACKUP, CHEAP, CHEAP]);
  });

  it('a client naming an alias as its model is routed to it when no rule fires', () => {
    const r = router([{ id: 'gpt', when: { models: ['gpt-*'] }, then: { route: BACKUP } }], aliases);
    expect(r.decide(facts({ model: 'cheap' }))).toMatchObject({
      rule: null,
      action: 'route',
      targets: [CHEAP],
    });
    expect(r.decide(facts({ model: 'fleet' }))).toMatchObject({
      rule: null,
      action: 'chain',
      targets: [LOCAL, BACKUP],
    });
  });

  it('a rule that fires wins over the alias the client named', () => {
    const r = router([{ id: 'all', then: { route: BACKUP } }], aliases);
    expect(r.decide(facts({ model: 'cheap' })).targets).toEqual([BACKUP]);
  });

  it('a pass rule lets the client’s alias resolve, keeping the rule', () => {
    const r = router([{ id: 'p', then: { pass: true }, tags: ['passed'] }], aliases);
    const decision = r.decide(facts({ model: 'cheap' }));
    expect(decision).toMatchObject({ action: 'route', targets: [CHEAP], tags: ['passed'] });
    expect(decision.rule?.id).toBe('p');
  });

  it('alias names are exact: a different case or an inherited property name is not an alias', () => {
    const r = router([], aliases);
    expect(r.decide(facts({ model: 'Cheap' })).action).toBe('pass');
    expect(r.decide(facts({ model: 'toString' }))).toMatchObject({ action: 'pass', targets: [] });
    expect(r.decide(facts({ model: 'constructor' }))).toMatchObject({ action: 'pass', targets: [] });
  });
});

describe('fallbackOn, timeoutMs and tags', () => {
  const DEFAULT = ['connection', 'timeout', '429', '5xx'];

  it('fallbackOn defaults to connection errors, timeouts, 429 and 5xx', () => {
    const decision = router([{ id: 'c', then: { chain: [CHEAP, BACKUP] } }]).decide(facts());
    expect([...decision.fallbackOn].sort()).toEqual([...DEFAULT].sort());
  });

  it('fallbackOn can be overridden', () => {
    const decision = router([
      { id: 'c', then: { chain: [CHEAP, BACKUP] }, fallbackOn: ['timeout', 503] },
    ]).decide(facts());
    expect([...decision.fallbackOn]).toEqual(['timeout', 503]);
    expect(decision.fallbackOn.has('429')).toBe(false);
  });

  it('no rule and an alias named by the client use the default fallbackOn', () => {
    expect([...router([]).decide(facts()).fallbackOn].sort()).toEqual([...DEFAULT].sort());
    const viaAlias = router([], { fleet: [LOCAL, BACKUP] }).decide(facts({ model: 'fleet' }));
    expect([...viaAlias.fallbackOn].sort()).toEqual([...DEFAULT].sort());
  });

  it('timeoutMs and tags are passed through', () => {
    const decision = router([
      { id: 'c', then: { chain: [CHEAP, BACKUP] }, timeoutMs: 15_000, tags: ['savings', 'claude'] },
    ]).decide(facts());
    expect(decision.timeoutMs).toBe(15_000);
    expect(decision.tags).toEqual(['savings', 'claude']);
  });

  it('timeoutMs defaults to null and tags to none', () => {
    const decision = router([{ id: 'r', then: { route: CHEAP } }]).decide(facts());
    expect(decision.timeoutMs).toBeNull();
    expect(decision.tags).toEqual([]);
  });

  it('a reject decision carries the rule’s tags', () => {
    const decision = router([{ id: 'no', then: { reject: { message: 'no' } }, tags: ['blocked'] }]).decide(
      facts(),
    );
    expect(decision.tags).toEqual(['blocked']);
  });
});

describe('explain()', () => {
  it('lists every non-matching rule with all its reasons, in order, up to and including the first match', () => {
    const r = router([
      { id: 'gpt-codex', when: { tools: ['codex'], models: ['gpt-*'] }, then: { route: BACKUP } },
      { id: 'big', when: { inputTokens: { min: 50_000 } }, then: { route: LOCAL } },
      { id: 'claude', when: { models: ['claude-*'] }, then: { route: CHEAP } },
      { id: 'after', then: { route: BACKUP } },
    ]);
    expect(r.explain(facts({ body: anthropicBody('x'.repeat(400)) }))).toEqual([
      {
        id: 'gpt-codex',
        matched: false,
        reasons: ['tool "claude-code" is not "codex"', 'model "claude-sonnet-4-5" is not "gpt-*"'],
      },
      { id: 'big', matched: false, reasons: ['estimated input 100 tokens is below 50000'] },
      { id: 'claude', matched: true, reasons: [] },
    ]);
  });

  it('lists every enabled rule when none matches', () => {
    const r = router([
      { id: 'a', when: { tools: ['codex'] }, then: { route: CHEAP } },
      { id: 'b', when: { dialects: ['gemini'] }, then: { route: CHEAP } },
    ]);
    const evaluated = r.explain(facts());
    expect(evaluated.map((e) => [e.id, e.matched])).toEqual([
      ['a', false],
      ['b', false],
    ]);
  });

  it('reports disabled rules as not matched because disabled', () => {
    const r = router([
      { id: 'off', enabled: false, then: { route: BACKUP } },
      { id: 'on', when: { tools: ['codex'] }, then: { route: CHEAP } },
    ]);
    const evaluated = r.explain(facts());
    expect(evaluated).toContainEqual({ id: 'off', matched: false, reasons: ['disabled'] });
    expect(evaluated).toContainEqual({
      id: 'on',
      matched: false,
      reasons: ['tool "claude-code" is not "codex"'],
    });
    expect(evaluated).toHaveLength(2);
  });

  it('agrees with decide() on the rule that fires', () => {
    const r = router([
      { id: 'a', when: { hasTools: true }, then: { route: BACKUP } },
      { id: 'b', when: { thinking: false }, then: { route: CHEAP } },
    ]);
    const f = facts();
    const firstMatch = r.explain(f).find((e) => e.matched);
    expect(firstMatch?.id).toBe(r.decide(f).rule?.id);
    expect(firstMatch?.id).toBe('b');
  });
});
