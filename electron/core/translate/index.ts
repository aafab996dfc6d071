import type { Endpoint } from '../../../shared/dialects';
import { anthropicTranslator } from './anthropic';
import { chatTranslator } from './chat';
import { geminiTranslator } from './gemini';
import { responsesTranslator } from './responses';
import type { DialectTranslator } from './translator';

/** The request APIs that can be translated into one another (through chat, the pivot). */
export type TranslatableApi = 'anthropic' | 'chat' | 'responses' | 'gemini';

export const TRANSLATORS: Record<TranslatableApi, DialectTranslator> = {
  anthropic: anthropicTranslator,
  chat: chatTranslator,
  responses: responsesTranslator,
  gemini: geminiTranslator,
};

/** The translatable API of a client endpoint; null for endpoints that are only ever passed through. */
export function translatableApiOf(endpoint: Endpoint): TranslatableApi | null {
  switch (endpoint) {
    case 'anthropic-messages':
      return 'anthropic';
    case 'openai-chat':
      return 'chat';
    case 'openai-responses':
      return 'responses';
    case 'gemini-generate':
    case 'gemini-stream-generate':
      return 'gemini';
    default:
      return null;
  }
}

export function endpointOfApi(api: TranslatableApi, stream: boolean): Endpoint {
  switch (api) {
    case 'anthropic':
      return 'anthropic-messages';
    case 'chat':
      return 'openai-chat';
    case 'responses':
      return 'openai-responses';
    case 'gemini':
      return stream ? 'gemini-stream-generate' : 'gemini-generate';
  }
}

export { ToolNameMap } from './tool-names';
export { TranslationError, type TranslateContext, type DialectTranslator } from './translator';
