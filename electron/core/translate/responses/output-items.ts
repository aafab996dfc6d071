import type { JsonObject } from '../translator';
import { packAnthropicReasoning } from './reasoning-carrier';

// Builders for Responses output items, shared by the JSON response and the stream so both carry the same shapes.

export function reasoningItem(id: string, text: string, signature?: string): JsonObject {
  const item: JsonObject = {
    type: 'reasoning',
    id,
    summary: text === '' ? [] : [{ type: 'summary_text', text }],
  };
  // Signed (Anthropic) thinking rides in encrypted_content, which Codex replays untouched next turn.
  if (signature) item.encrypted_content = packAnthropicReasoning({ thinking: text, signature });
  return item;
}

export function messageItem(id: string, text: string, status: 'in_progress' | 'completed'): JsonObject {
  return {
    type: 'message',
    id,
    status,
    role: 'assistant',
    content: status === 'in_progress' ? [] : [outputTextPart(text)],
  };
}

export function outputTextPart(text: string): JsonObject {
  return { type: 'output_text', text, annotations: [] };
}

export function functionCallItem(
  id: string,
  callId: string,
  name: string,
  args: string,
  status: 'in_progress' | 'completed',
): JsonObject {
  return { type: 'function_call', id, call_id: callId, name, arguments: args, status };
}

export function customToolCallItem(id: string, callId: string, name: string, input: string): JsonObject {
  return { type: 'custom_tool_call', id, call_id: callId, name, input };
}
