import type { DialectTranslator } from '../translator';
import { requestFromChat } from './request-from-chat';
import { requestToChat } from './request-to-chat';
import { responseFromChat } from './response-from-chat';
import { responseToChat } from './response-to-chat';
import { streamFromChat } from './stream-from-chat';
import { streamToChat } from './stream-to-chat';

/** Anthropic Messages ⇄ the chat pivot (protocols.md §5). */
export const anthropicTranslator: DialectTranslator = {
  requestToChat,
  requestFromChat,
  responseToChat,
  responseFromChat,
  streamToChat,
  streamFromChat,
};
