import type { Endpoint } from '../../../shared/dialects';
import { anthropicUsageReader } from './anthropic-usage';
import { geminiUsageReader } from './gemini-usage';
import { openAiChatUsageReader } from './openai-chat-usage';
import { openAiEmbeddingsUsageReader } from './openai-embeddings-usage';
import { openAiResponsesUsageReader } from './openai-responses-usage';
import type { UsageReader } from './usage-types';

/** The usage reader for an endpoint, or null for endpoints that never report usage (token counting, model lists). */
export function usageReaderFor(endpoint: Endpoint): UsageReader | null {
  switch (endpoint) {
    case 'anthropic-messages':
      return anthropicUsageReader;
    case 'openai-chat':
    case 'openai-completions': // legacy completions share chat's usage object and chunk shape
      return openAiChatUsageReader;
    case 'openai-responses':
      return openAiResponsesUsageReader;
    case 'openai-embeddings':
      return openAiEmbeddingsUsageReader;
    case 'gemini-generate':
    case 'gemini-stream-generate':
      return geminiUsageReader;
    case 'anthropic-count-tokens':
    case 'anthropic-models':
    case 'openai-models':
    case 'gemini-count-tokens':
    case 'gemini-models':
      return null;
    default: {
      const unhandled: never = endpoint;
      throw new Error(`no usage reader decision for endpoint ${String(unhandled)}`);
    }
  }
}
