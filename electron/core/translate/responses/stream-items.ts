import type { JsonObject } from '../translator';
import { unwrapCustomInput } from './custom-tools';
import {
  customToolCallItem,
  functionCallItem,
  messageItem,
  outputTextPart,
  reasoningItem,
} from './output-items';

/** Writes one SSE event of the client's stream (adds `type` and `sequence_number`). */
export type Emit = (type: string, fields: JsonObject) => string;

/** One output item of the response being streamed to the client. */
export interface StreamItem {
  kind: 'reasoning' | 'message' | 'function_call' | 'custom_tool_call';
  /** Item id and output position, set when the item opens. */
  id: string;
  outputIndex: number;
  state: 'pending' | 'live' | 'done';
  /** Reasoning text, message text, or a tool call's arguments, as received so far. */
  text: string;
  /** Reasoning: an Anthropic signature to hand back in encrypted_content. */
  signature?: string;
  /** Tool calls. */
  callId?: string;
  name?: string;
  /** Reasoning: the summary part has been announced (only once there is text). */
  partOpen?: boolean;
}

const ID_PREFIX: Record<StreamItem['kind'], string> = {
  reasoning: 'rs_',
  message: 'msg_',
  function_call: 'fc_',
  custom_tool_call: 'ctc_',
};

export function itemIdPrefix(kind: StreamItem['kind']): string {
  return ID_PREFIX[kind];
}

/** The events announcing an item (output_item.added and, for a message, its one text part). */
export function openItemEvents(item: StreamItem, emit: Emit): string {
  const at = { output_index: item.outputIndex };
  switch (item.kind) {
    case 'reasoning':
      return emit('response.output_item.added', {
        ...at,
        item: { type: 'reasoning', id: item.id, summary: [] },
      });
    case 'message':
      return (
        emit('response.output_item.added', { ...at, item: messageItem(item.id, '', 'in_progress') }) +
        emit('response.content_part.added', {
          ...at,
          item_id: item.id,
          content_index: 0,
          part: outputTextPart(''),
        })
      );
    case 'function_call':
      return emit('response.output_item.added', {
        ...at,
        item: functionCallItem(item.id, item.callId ?? '', item.name ?? '', '', 'in_progress'),
      });
    case 'custom_tool_call':
      return emit('response.output_item.added', {
        ...at,
        item: customToolCallItem(item.id, item.callId ?? '', item.name ?? '', ''),
      });
  }
}

/** The delta events for one fragment of an open item. */
export function fragmentEvents(item: StreamItem, fragment: string, emit: Emit): string {
  if (fragment === '') return '';
  const at = { item_id: item.id, output_index: item.outputIndex };
  switch (item.kind) {
    case 'reasoning': {
      let out = '';
      if (!item.partOpen) {
        item.partOpen = true;
        out += emit('response.reasoning_summary_part.added', {
          ...at,
          summary_index: 0,
          part: { type: 'summary_text', text: '' },
        });
      }
      return (
        out + emit('response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta: fragment })
      );
    }
    case 'message':
      return emit('response.output_text.delta', { ...at, content_index: 0, delta: fragment, logprobs: [] });
    case 'function_call':
      return emit('response.function_call_arguments.delta', { ...at, delta: fragment });
    case 'custom_tool_call':
      // The arguments are `{"input": "…"}` JSON; the raw input can only be cut out of the complete text,
      // so a custom call's input is held until the item closes.
      return '';
  }
}

/** The events closing an item, and the finished item for the response's `output`. */
export function closeItemEvents(item: StreamItem, emit: Emit): { events: string; done: JsonObject } {
  const at = { item_id: item.id, output_index: item.outputIndex };
  let events = '';
  let done: JsonObject;
  switch (item.kind) {
    case 'reasoning': {
      done = reasoningItem(item.id, item.text, item.signature);
      if (item.partOpen) {
        const part = { type: 'summary_text', text: item.text };
        events += emit('response.reasoning_summary_text.done', { ...at, summary_index: 0, text: item.text });
        events += emit('response.reasoning_summary_part.done', { ...at, summary_index: 0, part });
      }
      break;
    }
    case 'message':
      done = messageItem(item.id, item.text, 'completed');
      events += emit('response.output_text.done', { ...at, content_index: 0, text: item.text, logprobs: [] });
      events += emit('response.content_part.done', {
        ...at,
        content_index: 0,
        part: outputTextPart(item.text),
      });
      break;
    case 'function_call':
      done = functionCallItem(item.id, item.callId ?? '', item.name ?? '', item.text, 'completed');
      events += emit('response.function_call_arguments.done', {
        ...at,
        name: item.name ?? '',
        arguments: item.text,
      });
      break;
    case 'custom_tool_call': {
      const input = unwrapCustomInput(item.text);
      done = customToolCallItem(item.id, item.callId ?? '', item.name ?? '', input);
      if (input !== '') events += emit('response.custom_tool_call_input.delta', { ...at, delta: input });
      events += emit('response.custom_tool_call_input.done', { ...at, input });
      break;
    }
  }
  events += emit('response.output_item.done', { output_index: item.outputIndex, item: done });
  return { events, done };
}
