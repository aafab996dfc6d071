import type { DialectTranslator } from '../translator';
import { requestFromChat } from './request-from-chat';
import { requestToChat } from './request-to-chat';
import { responseFromChat } from './response-from-chat';
import { responseToChat } from './response-to-chat';
import { responsesStreamFromChat } from './stream-from-chat';
import { responsesStreamToChat } from './stream-to-chat';

/** OpenAI Responses (what Codex CLI speaks) ⇄ the chat pivot. */
export const responsesTranslator: DialectTranslator = {
  requestToChat,
  requestFromChat,
  responseToChat,
  responseFromChat,
  streamToChat: responsesStreamToChat,
  streamFromChat: responsesStreamFromChat,
};

export { ANTHROPIC_REASONING_PREFIX } from './reasoning-carrier';
