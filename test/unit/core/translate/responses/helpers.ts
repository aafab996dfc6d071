import type { ChatChunk, ChatDelta, ChatUsage } from '../../../../../electron/core/translate/chat-types';
import { ToolNameMap } from '../../../../../electron/core/translate/tool-names';
import type { TranslateContext } from '../../../../../electron/core/translate/translator';

export function makeCtx(overrides: Partial<TranslateContext> = {}): TranslateContext {
  return {
    requestedModel: 'gpt-5.5-codex',
    upstreamModel: 'upstream-model',
    toolNames: new ToolNameMap(),
    keepCacheControl: false,
    clientWantsStreamUsage: false,
    geminiSse: false,
    customToolNames: new Set(),
    ...overrides,
  };
}

export function chunk(
  delta: ChatDelta,
  finish: ChatChunk['choices'][number]['finish_reason'] = null,
): ChatChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'upstream-model',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

export function usageChunk(usage: ChatUsage): ChatChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'upstream-model',
    choices: [],
    usage,
  };
}

export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Splits SSE text into events (enough for the well-formed text the translators write). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** Writes Responses events as an upstream would send them (names repeated in `event:`). */
export function responsesSse(events: Array<Record<string, unknown>>): SseEvent[] {
  return events.map((data, i) => ({
    event: String(data.type),
    data: JSON.stringify({ sequence_number: i, ...data }),
  }));
}

export interface AssembledChat {
  role?: string;
  content: string;
  reasoning: string;
  signature?: string;
  toolCalls: Array<{ id?: string; name: string; arguments: string }>;
  finish: string | null;
  usage?: ChatUsage | null;
  error?: ChatChunk['error'];
}

/** Folds chat chunks the way a chat client does: tool calls by index, usage from the last chunk that has it. */
export function assembleChat(chunks: ChatChunk[]): AssembledChat {
  const out: AssembledChat = { content: '', reasoning: '', toolCalls: [], finish: null };
  const byIndex = new Map<number, AssembledChat['toolCalls'][number]>();
  for (const c of chunks) {
    if (c.error) out.error = c.error;
    if (c.usage) out.usage = c.usage;
    for (const choice of c.choices) {
      const d = choice.delta;
      if (d.role) out.role = d.role;
      if (d.content) out.content += d.content;
      if (d.reasoning_content) out.reasoning += d.reasoning_content;
      if (d.reasoning_signature) out.signature = d.reasoning_signature;
      for (const t of d.tool_calls ?? []) {
        let call = byIndex.get(t.index);
        if (!call) {
          call = { name: '', arguments: '' };
          byIndex.set(t.index, call);
          out.toolCalls.push(call);
        }
        if (t.id) call.id = t.id;
        if (t.function?.name) call.name += t.function.name;
        if (t.function?.arguments) call.arguments += t.function.arguments;
      }
      if (choice.finish_reason) out.finish = choice.finish_reason;
    }
  }
  return out;
}
