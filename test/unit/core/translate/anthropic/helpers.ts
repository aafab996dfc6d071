import type {
  ChatChunk,
  ChatDelta,
  ChatFinishReason,
  ChatUsage,
} from '../../../../../electron/core/translate/chat-types';
import { ToolNameMap } from '../../../../../electron/core/translate/tool-names';
import type { TranslateContext } from '../../../../../electron/core/translate/translator';

export function makeContext(overrides: Partial<TranslateContext> = {}): TranslateContext {
  return {
    requestedModel: 'claude-sonnet-4-6',
    upstreamModel: 'upstream-model',
    toolNames: new ToolNameMap(),
    keepCacheControl: false,
    clientWantsStreamUsage: false,
    geminiSse: false,
    customToolNames: new Set(),
    ...overrides,
  };
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Splits SSE text written by a translator into named events with parsed data. */
export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '{}';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

export function chunk(delta: ChatDelta, finishReason: ChatFinishReason = null): ChatChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-test',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

export function usageChunk(usage: ChatUsage): ChatChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-test',
    choices: [],
    usage,
  };
}

/** One Anthropic SSE event as the proxy hands it to streamToChat. */
export function anthropicEvent(data: Record<string, unknown>): [string, string] {
  return [String(data['type']), JSON.stringify(data)];
}
