import type { ChatMessage, ChatRequest } from '../chat-types';
import { TranslationError, type JsonObject, type TranslateContext } from '../translator';
import { isJsonObject } from '../../dialects/usage-types';
import { chatParts, imageSourceFromUrl, readCacheControl } from './content';
import { toolUseId } from './ids';
import { isRealSignature } from './reasoning';
import { toolInputFromArguments } from './tool-input';
import { pairToolMessages } from './tool-pairs';

/** Anthropic requires max_tokens; chat clients often leave it out. */
const DEFAULT_MAX_TOKENS = 8192;
const THINKING_BUDGETS: Record<string, number> = { low: 1024, medium: 8192, high: 24576 };
/** Room left for the answer when thinking takes part of max_tokens (the budget must be below max_tokens). */
const ANSWER_ROOM = 4096;

type Block = JsonObject;
interface Turn {
  role: 'user' | 'assistant';
  content: Block[];
}

/** The chat pivot → an Anthropic Messages request for the upstream. Tool names are mapped to upstream names. */
export function requestFromChat(body: ChatRequest, ctx: TranslateContext): JsonObject {
  const system: Block[] = [];
  const conversation: ChatMessage[] = [];
  for (const message of wellFormedMessages(body.messages)) {
    if (message.role === 'system' || message.role === 'developer')
      system.push(...contentBlocks(message.content, false));
    else conversation.push(message);
  }
  const turns = mergeTurns(pairToolMessages(conversation).map((message) => turnOf(message, ctx)));
  if (turns.length === 0)
    throw new TranslationError('messages: at least one user or assistant message is required');
  const tools = anthropicTools(body.tools, ctx);

  const request: JsonObject = { model: ctx.upstreamModel, messages: turns };
  if (system.length > 0) request['system'] = system;
  if (tools.length > 0) {
    request['tools'] = tools;
    const toolChoice = anthropicToolChoice(body.tool_choice, body.parallel_tool_calls, ctx);
    if (toolChoice) request['tool_choice'] = toolChoice;
  }
  if (!hasCacheControl(system, turns, tools)) addCacheBreakpoints(system, turns);

  let maxTokens =
    positiveInteger(body.max_tokens) ?? positiveInteger(body.max_completion_tokens) ?? DEFAULT_MAX_TOKENS;
  const budget = THINKING_BUDGETS[String(body.reasoning_effort)];
  if (budget !== undefined && canThink(turns, request['tool_choice'])) {
    request['thinking'] = { type: 'enabled', budget_tokens: budget };
    maxTokens = Math.max(maxTokens, budget + ANSWER_ROOM);
    // With thinking on, Anthropic only accepts the default temperature and top_p, so both are left out.
  } else {
    const temperature = finiteNumber(body.temperature);
    const topP = finiteNumber(body.top_p);
    // Anthropic's range is 0–1 (OpenAI's 0–2); newer Claude models reject temperature and top_p together.
    if (temperature !== undefined) request['temperature'] = Math.min(Math.max(temperature, 0), 1);
    else if (topP !== undefined) request['top_p'] = topP;
  }
  request['max_tokens'] = maxTokens;

  const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : [];
  const sequences = stop.filter((item): item is string => typeof item === 'string' && item !== '');
  if (sequences.length > 0) request['stop_sequences'] = sequences;
  if (typeof body.user === 'string' && body.user !== '') request['metadata'] = { user_id: body.user };
  if (typeof body.stream === 'boolean') request['stream'] = body.stream;
  return request;
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

/** The request is untrusted JSON: keep only objects with a known role. */
function wellFormedMessages(messages: unknown): ChatMessage[] {
  if (!Array.isArray(messages)) return [];
  return messages.filter(
    (message): message is ChatMessage => isJsonObject(message) && ROLES.has(String(message['role'])),
  );
}

/** Chat content → Anthropic text and image blocks; empty text is dropped (Anthropic rejects empty text blocks). */
function contentBlocks(content: unknown, imagesAllowed: boolean): Block[] {
  const blocks: Block[] = [];
  for (const part of chatParts(content)) {
    let block: Block | undefined;
    if (part.type === 'text' && part.text !== '') block = { type: 'text', text: part.text };
    if (part.type === 'image_url' && imagesAllowed) {
      const source = imageSourceFromUrl(part.image_url.url);
      if (source) block = { type: 'image', source };
    }
    if (!block) continue;
    if (part.cache_control) block['cache_control'] = part.cache_control;
    blocks.push(block);
  }
  return blocks;
}

function turnOf(message: ChatMessage, ctx: TranslateContext): Turn {
  if (message.role === 'tool') {
    const blocks = contentBlocks(message.content, true);
    const result: Block = { type: 'tool_result', tool_use_id: toolUseId(message.tool_call_id) };
    // A breakpoint inside the result is moved onto the result block, where Anthropic accepts it.
    const cacheControl = blocks.map((block) => block['cache_control']).find((marker) => marker !== undefined);
    for (const block of blocks) delete block['cache_control'];
    if (blocks.length > 0) result['content'] = blocks;
    if (cacheControl) result['cache_control'] = cacheControl;
    return { role: 'user', content: [result] };
  }
  if (message.role === 'user') return { role: 'user', content: contentBlocks(message.content, true) };

  const content: Block[] = [];
  // Replaying thinking needs Anthropic's own signature; unsigned or Farebox-marked thinking is dropped.
  if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') {
    if (isRealSignature(message.reasoning_signature)) {
      content.push({
        type: 'thinking',
        thinking: message.reasoning_content,
        signature: message.reasoning_signature,
      });
    }
  }
  // Assistant turns cannot hold images in Anthropic.
  content.push(...contentBlocks(message.content, false));
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    if (!isJsonObject(call) || !isJsonObject(call.function) || typeof call.function.name !== 'string')
      continue;
    content.push({
      type: 'tool_use',
      id: toolUseId(call.id),
      name: ctx.toolNames.toUpstream(call.function.name),
      input: toolInputFromArguments(call.function.arguments),
    });
  }
  return { role: 'assistant', content };
}

/**
 * Anthropic needs alternating roles and no empty turns: consecutive turns of one role are merged, and in a
 * user turn tool results go first (Anthropic requires them before any other content).
 */
function mergeTurns(turns: Turn[]): Turn[] {
  const merged: Turn[] = [];
  for (const turn of turns) {
    if (turn.content.length === 0) continue;
    const last = merged[merged.length - 1];
    if (last && last.role === turn.role) last.content.push(...turn.content);
    else merged.push({ role: turn.role, content: [...turn.content] });
  }
  for (const turn of merged) {
    if (turn.role !== 'user') continue;
    const results = turn.content.filter((block) => block['type'] === 'tool_result');
    if (results.length > 0)
      turn.content = [...results, ...turn.content.filter((block) => block['type'] !== 'tool_result')];
  }
  return merged;
}

function anthropicTools(tools: unknown, ctx: TranslateContext): Block[] {
  if (!Array.isArray(tools)) return [];
  const anthropic: Block[] = [];
  for (const tool of tools) {
    if (!isJsonObject(tool) || tool['type'] !== 'function' || !isJsonObject(tool['function'])) continue;
    const fn = tool['function'];
    if (typeof fn['name'] !== 'string' || fn['name'] === '') continue;
    const parameters = isJsonObject(fn['parameters']) ? fn['parameters'] : {};
    // Anthropic insists on an object schema; chat allows leaving it out for functions without parameters.
    const block: Block = {
      name: ctx.toolNames.toUpstream(fn['name']),
      input_schema: { type: 'object', ...parameters },
    };
    if (typeof fn['description'] === 'string') block['description'] = fn['description'];
    const cacheControl = readCacheControl(tool['cache_control']);
    if (cacheControl) block['cache_control'] = cacheControl;
    anthropic.push(block);
  }
  return anthropic;
}

function anthropicToolChoice(choice: unknown, parallel: unknown, ctx: TranslateContext): Block | undefined {
  let anthropic: Block | undefined;
  if (choice === 'auto') anthropic = { type: 'auto' };
  if (choice === 'required') anthropic = { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  if (
    isJsonObject(choice) &&
    isJsonObject(choice['function']) &&
    typeof choice['function']['name'] === 'string'
  ) {
    anthropic = { type: 'tool', name: ctx.toolNames.toUpstream(choice['function']['name']) };
  }
  if (parallel === false) anthropic = { ...(anthropic ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return anthropic;
}

function hasCacheControl(system: Block[], turns: Turn[], tools: Block[]): boolean {
  const marked = (block: Block) => block['cache_control'] !== undefined;
  return system.some(marked) || tools.some(marked) || turns.some((turn) => turn.content.some(marked));
}

/**
 * Chat clients rely on the automatic prompt caching of OpenAI-style servers; Anthropic caches only up to
 * explicit breakpoints, so without them every turn would pay the full input price. Marking the end of the
 * system prompt and the end of the latest user turn caches the stable prefix and the conversation so far.
 */
function addCacheBreakpoints(system: Block[], turns: Turn[]): void {
  const lastSystem = system[system.length - 1];
  if (lastSystem) lastSystem['cache_control'] = { type: 'ephemeral' };
  const lastUser = [...turns].reverse().find((turn) => turn.role === 'user');
  const lastBlock = lastUser?.content[lastUser.content.length - 1];
  if (lastBlock) lastBlock['cache_control'] = { type: 'ephemeral' };
}

/**
 * Anthropic rejects thinking when tool use is forced, and when an assistant message of the tool loop in
 * progress used tools without starting with a signed thinking block: a turn cannot switch thinking on
 * halfway. The loop in progress is everything after the last user message that answers no tool call;
 * earlier turns do not matter (Anthropic ignores their thinking).
 */
function canThink(turns: Turn[], toolChoice: unknown): boolean {
  if (isJsonObject(toolChoice) && (toolChoice['type'] === 'any' || toolChoice['type'] === 'tool'))
    return false;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i] as Turn;
    if (turn.role === 'user') {
      if (!turn.content.some((block) => block['type'] === 'tool_result')) return true;
      continue;
    }
    const usesTools = turn.content.some((block) => block['type'] === 'tool_use');
    if (usesTools && turn.content[0]?.['type'] !== 'thinking') return false;
  }
  return true;
}
