import type { ChatFinishReason } from '../chat-types';

export function finishReasonFromStopReason(stopReason: unknown): Exclude<ChatFinishReason, null> {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, pause_turn (a server tool paused; the turn is over for the client)
      return 'stop';
  }
}

/**
 * Some OpenAI-compatible servers answer tool calls with finish_reason "stop"; Anthropic clients decide
 * whether to run tools from stop_reason, so tool calls win.
 */
export function stopReasonFromFinishReason(finishReason: unknown, hasToolCalls: boolean): string {
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'content_filter':
      return 'refusal';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    default:
      return hasToolCalls ? 'tool_use' : 'end_turn';
  }
}
