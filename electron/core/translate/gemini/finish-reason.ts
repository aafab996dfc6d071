import type { ChatFinishReason } from '../chat-types';
import type { GeminiFinishReason } from './gemini-types';

const BLOCKED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/** Gemini says STOP after function calls too; chat clients expect tool_calls then. */
export function finishReasonToChat(reason: string, hasToolCalls: boolean): ChatFinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (BLOCKED.has(reason)) return 'content_filter';
  // STOP, MALFORMED_FUNCTION_CALL, OTHER and anything newer end the turn normally.
  return hasToolCalls ? 'tool_calls' : 'stop';
}

/** Takes any value: the reason may come straight from a chat upstream's JSON. */
export function finishReasonFromChat(reason: unknown): GeminiFinishReason {
  if (reason === 'length') return 'MAX_TOKENS';
  if (reason === 'content_filter') return 'SAFETY';
  return 'STOP';
}
