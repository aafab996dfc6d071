import type { DialectTranslator } from '../translator';
import { requestFromChat } from './request-from-chat';
import { requestToChat } from './request-to-chat';
import { responseFromChat } from './response-from-chat';
import { responseToChat } from './response-to-chat';
import { geminiStreamFromChat } from './stream-from-chat';
import { geminiStreamToChat } from './stream-to-chat';

/** Google Gemini generateContent / streamGenerateContent ⇄ the chat pivot (protocols.md §4). */
export const geminiTranslator: DialectTranslator = {
  requestToChat,
  requestFromChat,
  responseToChat,
  responseFromChat,
  streamToChat: geminiStreamToChat,
  streamFromChat: geminiStreamFromChat,
};
