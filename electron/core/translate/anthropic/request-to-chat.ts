import type {
  ChatContentPart,
  ChatImagePart,
  ChatMessage,
  ChatRequest,
  ChatTextPart,
  ChatTool,
  ChatToolCall,
  ChatToolChoice,
} from '../chat-types';
import { TranslationError, type JsonObject, type TranslateContext } from '../translator';
import { isJsonObject, objectField } from '../../dialects/usage-types';
import { imageUrlFromSource, readCacheControl } from './content';
import { reasoningFromBlocks } from './reasoning';
import { pairToolMessages } from './tool-pairs';

/** An Anthropic Messages request from a client → the chat pivot. Names are the client's (nothing is mapped). */
export function requestToChat(body: JsonObject, ctx: TranslateContext): ChatRequest {
  const rawMessages = body['messages'];
  if (!Array.isArray(rawMessages)) throw new TranslationError('messages: an array of messages is required');
  const keep = ctx.keepCacheControl;

  const messages: ChatMessage[] = [];
  const system = systemMessage(body['system'], keep);
  if (system) messages.push(system);
  for (const message of rawMessages) {
    if (!isJsonObject(message)) continue;
    if (message['role'] === 'user') messages.push(...userMessages(message['content'], keep));
    if (message['role'] === 'assistant') {
      const assistant = assistantMessage(message['content'], keep);
      if (assistant) messages.push(assistant);
    }
  }

  const chat: ChatRequest = { model: ctx.upstreamModel, messages: pairToolMessages(messages) };
  copyNumber(body, 'max_tokens', chat);
  copyNumber(body, 'temperature', chat);
  copyNumber(body, 'top_p', chat);
  if (typeof body['stream'] === 'boolean') chat.stream = body['stream'];
  // The Anthropic client needs usage in message_delta; chat upstreams only send it when asked.
  if (body['stream'] === true) chat.stream_options = { include_usage: true };

  const stop = body['stop_sequences'];
  if (Array.isArray(stop)) {
    const sequences = stop.filter((item): item is string => typeof item === 'string');
    if (sequences.length > 0) chat.stop = sequences;
  }
  const userId = objectField(body, 'metadata')?.['user_id'];
  if (typeof userId === 'string' && userId !== '') chat.user = userId;

  const tools = chatTools(body['tools'], keep);
  if (tools.length > 0) {
    chat.tools = tools;
    const choice = objectField(body, 'tool_choice');
    const toolChoice = chatToolChoice(choice);
    if (toolChoice) chat.tool_choice = toolChoice;
    if (choice?.['disable_parallel_tool_use'] === true) chat.parallel_tool_calls = false;
  }

  const effort = reasoningEffort(body);
  if (effort) chat.reasoning_effort = effort;
  return chat;
}

function copyNumber(from: JsonObject, key: string, to: ChatRequest): void {
  const value = from[key];
  if (typeof value === 'number' && Number.isFinite(value)) to[key] = value;
}

function systemMessage(system: unknown, keep: boolean): ChatMessage | undefined {
  if (typeof system === 'string') return system === '' ? undefined : { role: 'system', content: system };
  if (!Array.isArray(system)) return undefined;
  const parts = system.flatMap((block) => {
    const part = isJsonObject(block) ? textPart(block, keep) : undefined;
    return part ? [part] : [];
  });
  if (parts.length === 0) return undefined;
  // Parts only when a cache breakpoint must reach the upstream; a plain string suits every chat server.
  if (parts.some((part) => part.cache_control)) return { role: 'system', content: parts };
  return { role: 'system', content: parts.map((part) => part.text).join('\n\n') };
}

function textPart(block: JsonObject, keep: boolean): ChatTextPart | undefined {
  if (block['type'] !== 'text' || typeof block['text'] !== 'string') return undefined;
  const cacheControl = keep ? readCacheControl(block['cache_control']) : undefined;
  return cacheControl
    ? { type: 'text', text: block['text'], cache_control: cacheControl }
    : { type: 'text', text: block['text'] };
}

function imagePart(block: JsonObject, keep: boolean): ChatImagePart | undefined {
  const url = imageUrlFromSource(block['source']);
  if (url === undefined) return undefined;
  const cacheControl = keep ? readCacheControl(block['cache_control']) : undefined;
  return cacheControl
    ? { type: 'image_url', image_url: { url }, cache_control: cacheControl }
    : { type: 'image_url', image_url: { url } };
}

/**
 * Chat has no portable document part (file inputs differ per provider), so text documents travel as text
 * and other documents (PDFs, files) become a short note: the model at least learns something was attached
 * instead of the attachment vanishing silently.
 */
function documentText(block: JsonObject): string {
  const title = typeof block['title'] === 'string' ? block['title'] : undefined;
  const source = objectField(block, 'source');
  let text: string | undefined;
  if (source?.['type'] === 'text' && typeof source['data'] === 'string') text = source['data'];
  if (source?.['type'] === 'content') text = blocksText(source['content']);
  if (text === undefined) {
    const kind = typeof source?.['media_type'] === 'string' ? source['media_type'] : 'document';
    return `[A ${kind} document${title ? ` "${title}"` : ''} was attached but cannot be passed to this model.]`;
  }
  return title ? `${title}\n\n${text}` : text;
}

/** Text of a string or of the text blocks in a block array. */
function blocksText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .flatMap((block) =>
      isJsonObject(block) && block['type'] === 'text' && typeof block['text'] === 'string'
        ? [block['text']]
        : [],
    )
    .join('\n');
}

/**
 * One Anthropic user turn → chat messages: a tool message per tool_result first (chat wants results right
 * after the assistant's calls), then one user message with the rest (images returned by tools, then the
 * turn's own text, images and documents).
 */
function userMessages(content: unknown, keep: boolean): ChatMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  if (!Array.isArray(content)) return [];
  const toolMessages: ChatMessage[] = [];
  const toolImages: ChatContentPart[] = [];
  const parts: ChatContentPart[] = [];
  for (const block of content) {
    if (!isJsonObject(block)) continue;
    let part: ChatContentPart | undefined;
    switch (block['type']) {
      case 'tool_result':
        toolMessages.push(toolMessage(block, toolImages, keep));
        break;
      case 'text':
        part = textPart(block, keep);
        break;
      case 'image':
        part = imagePart(block, keep);
        break;
      case 'document':
        part = { type: 'text', text: documentText(block) };
        break;
      // thinking or tool_use in a user turn is malformed; other block types have no chat equivalent.
    }
    if (part) parts.push(part);
  }
  const rest = [...toolImages, ...parts];
  return rest.length > 0 ? [...toolMessages, { role: 'user', content: rest }] : toolMessages;
}

/** A tool_result block → a tool message; its images (chat tool messages hold only text) go to `images`. */
function toolMessage(block: JsonObject, images: ChatContentPart[], keep: boolean): ChatMessage {
  const id = typeof block['tool_use_id'] === 'string' ? block['tool_use_id'] : '';
  const texts: string[] = [];
  const ownImages: ChatContentPart[] = [];
  const content = block['content'];
  if (typeof content === 'string') texts.push(content);
  if (Array.isArray(content)) {
    for (const item of content) {
      if (!isJsonObject(item)) continue;
      if (item['type'] === 'text' && typeof item['text'] === 'string') texts.push(item['text']);
      if (item['type'] === 'document') texts.push(documentText(item));
      if (item['type'] === 'image') {
        const image = imagePart(item, false);
        if (image) ownImages.push(image);
      }
    }
  }
  if (ownImages.length > 0) {
    images.push({ type: 'text', text: `Image output of tool call ${id}:` }, ...ownImages);
  }
  let text = texts.join('\n');
  if (text === '' && ownImages.length > 0) text = 'The output is an image, shown in the next message.';
  if (block['is_error'] === true) text = text === '' ? 'Error' : `Error: ${text}`;

  const cacheControl = keep ? readCacheControl(block['cache_control']) : undefined;
  return {
    role: 'tool',
    tool_call_id: id,
    content: cacheControl ? [{ type: 'text', text, cache_control: cacheControl }] : text,
  };
}

function assistantMessage(content: unknown, keep: boolean): ChatMessage | undefined {
  if (typeof content === 'string') return content === '' ? undefined : { role: 'assistant', content };
  if (!Array.isArray(content)) return undefined;
  const texts: ChatTextPart[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const block of content) {
    if (!isJsonObject(block)) continue;
    if (block['type'] === 'text') {
      const part = textPart(block, keep);
      if (part) texts.push(part);
    }
    if (
      block['type'] === 'tool_use' &&
      typeof block['id'] === 'string' &&
      typeof block['name'] === 'string'
    ) {
      toolCalls.push({
        id: block['id'],
        type: 'function',
        function: { name: block['name'], arguments: JSON.stringify(block['input'] ?? {}) },
      });
    }
  }
  const message: ChatMessage = { role: 'assistant', content: null, ...reasoningFromBlocks(content) };
  const joined = texts.map((part) => part.text).join('\n\n');
  // A list only when a cache breakpoint must survive; chat servers expect assistant text as a string.
  if (texts.some((part) => part.cache_control)) message.content = texts;
  else if (joined !== '' || toolCalls.length === 0) message.content = joined;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (message.content === '' && !message.tool_calls && !message.reasoning_content) return undefined;
  return message;
}

function chatTools(tools: unknown, keep: boolean): ChatTool[] {
  if (!Array.isArray(tools)) return [];
  const chat: ChatTool[] = [];
  for (const tool of tools) {
    if (!isJsonObject(tool) || typeof tool['name'] !== 'string' || tool['name'] === '') continue;
    // Typed tools (web_search_20250305, bash_20250124, ...) are Anthropic's own; other models cannot run them.
    if (tool['type'] !== undefined && tool['type'] !== null && tool['type'] !== 'custom') continue;
    const schema = tool['input_schema'];
    const fn: ChatTool['function'] = {
      name: tool['name'],
      parameters: isJsonObject(schema) ? schema : { type: 'object', properties: {} },
    };
    if (typeof tool['description'] === 'string') fn.description = tool['description'];
    const chatTool: ChatTool = { type: 'function', function: fn };
    const cacheControl = keep ? readCacheControl(tool['cache_control']) : undefined;
    if (cacheControl) chatTool.cache_control = cacheControl;
    chat.push(chatTool);
  }
  return chat;
}

function chatToolChoice(choice: JsonObject | undefined): ChatToolChoice | undefined {
  switch (choice?.['type']) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return typeof choice['name'] === 'string'
        ? { type: 'function', function: { name: choice['name'] } }
        : 'required';
    default:
      return undefined;
  }
}

/** Thinking budgets → OpenAI's effort buckets; adaptive thinking carries its effort in output_config. */
function reasoningEffort(body: JsonObject): ChatRequest['reasoning_effort'] {
  const thinking = objectField(body, 'thinking');
  if (thinking?.['type'] === 'adaptive') {
    const effort = objectField(body, 'output_config')?.['effort'];
    if (effort === 'low' || effort === 'medium' || effort === 'high') return effort;
    return effort === 'max' ? 'high' : 'medium';
  }
  if (thinking?.['type'] !== 'enabled') return undefined;
  const budget = thinking['budget_tokens'];
  if (typeof budget !== 'number') return 'medium';
  if (budget <= 0) return undefined;
  if (budget <= 1024) return 'low';
  return budget <= 8192 ? 'medium' : 'high';
}
