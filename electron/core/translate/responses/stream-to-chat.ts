import type { ChatChunk, ChatDelta, ChatFinishReason } from '../chat-types';
import type { JsonObject, StreamToChat, TranslateContext } from '../translator';
import { wrapCustomInput } from './custom-tools';
import { newId, nowSeconds } from './ids';
import { finishForResponse } from './response-object';
import { isObject, numberOf, parseObject, stringOf } from './shapes';
import { usageToChat } from './usage';

interface ToolCallState {
  /** The chat tool_calls index: a per-response counter, not the Responses output_index. */
  index: number;
  custom: boolean;
  /** Function arguments already sent, so a `.done` event can fill in only what the deltas missed. */
  sent: string;
  /** A custom call's raw input, sent as `{"input": …}` once complete. */
  input: string;
  inputSent: boolean;
}

/** Responses upstream SSE events → chat chunks. */
class ResponsesStreamToChat implements StreamToChat {
  private id = newId('chatcmpl-');
  private model: string;
  private created = nowSeconds();
  private roleSent = false;
  private textSent = false;
  private toolCount = 0;
  /** Tool calls by `o<output_index>` and by `i<item id>`: delta events name one or both. */
  private readonly tools = new Map<string, ToolCallState>();
  private done = false;

  constructor(private readonly ctx: TranslateContext) {
    this.model = ctx.upstreamModel;
  }

  event(eventName: string | undefined, data: string): ChatChunk[] {
    const event = parseObject(data);
    if (!event || this.done) return [];
    switch (stringOf(event.type) ?? eventName) {
      case 'response.created':
        this.adoptMeta(event.response);
        return this.roleSent ? [] : [this.chunk({ content: '' })];
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        return this.text({ content: stringOf(event.delta) ?? '' });
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return this.text({ reasoning_content: stringOf(event.delta) ?? '' });
      case 'response.reasoning_summary_part.added':
        // Summary parts are separate paragraphs; chat has one reasoning text.
        return (numberOf(event.summary_index) ?? 0) > 0 ? this.text({ reasoning_content: '\n\n' }) : [];
      case 'response.output_item.added':
        return this.itemAdded(event);
      case 'response.function_call_arguments.delta':
        return this.argumentsDelta(event);
      case 'response.function_call_arguments.done':
        return this.argumentsComplete(this.toolFor(event), stringOf(event.arguments));
      case 'response.custom_tool_call_input.delta': {
        const tool = this.toolFor(event);
        if (tool) tool.input += stringOf(event.delta) ?? '';
        return [];
      }
      case 'response.output_item.done':
        return this.itemDone(event);
      case 'response.completed':
      case 'response.incomplete':
        return this.finish(isObject(event.response) ? event.response : {});
      case 'response.failed':
        return this.fail(isObject(event.response) ? event.response.error : undefined);
      case 'error':
        // Top-level error events put message/code at the top; some servers nest them under `error`.
        return this.fail(isObject(event.error) ? event.error : event);
      default:
        return [];
    }
  }

  end(): ChatChunk[] {
    // Nothing is held back; a stream cut before its terminal event must not be made to look finished.
    return [];
  }

  private adoptMeta(response: unknown): void {
    if (!isObject(response)) return;
    this.id = stringOf(response.id) ?? this.id;
    this.model = stringOf(response.model) ?? this.model;
    this.created = numberOf(response.created_at) ?? this.created;
  }

  private chunk(delta: ChatDelta, finish: ChatFinishReason = null): ChatChunk {
    if (!this.roleSent) {
      this.roleSent = true;
      delta = { role: 'assistant', ...delta };
    }
    return this.bare([{ index: 0, delta, finish_reason: finish }]);
  }

  private bare(choices: ChatChunk['choices']): ChatChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices,
    };
  }

  private text(delta: ChatDelta): ChatChunk[] {
    if (delta.content) this.textSent = true;
    return delta.content || delta.reasoning_content ? [this.chunk(delta)] : [];
  }

  private toolFor(event: JsonObject): ToolCallState | undefined {
    const outputIndex = numberOf(event.output_index);
    const itemId = stringOf(event.item_id);
    return (
      (outputIndex !== undefined ? this.tools.get(`o${outputIndex}`) : undefined) ??
      (itemId !== undefined ? this.tools.get(`i${itemId}`) : undefined)
    );
  }

  private itemAdded(event: JsonObject): ChatChunk[] {
    const item = isObject(event.item) ? event.item : {};
    // A second message item is a new paragraph of chat's one text (as in responseToChat).
    if (item.type === 'message') return this.textSent ? this.text({ content: '\n\n' }) : [];
    if (item.type !== 'function_call' && item.type !== 'custom_tool_call') return [];
    const custom = item.type === 'custom_tool_call';
    const initialArguments = custom ? '' : (stringOf(item.arguments) ?? '');
    const tool: ToolCallState = {
      index: this.toolCount++,
      custom,
      sent: initialArguments,
      input: '',
      inputSent: false,
    };
    const outputIndex = numberOf(event.output_index);
    if (outputIndex !== undefined) this.tools.set(`o${outputIndex}`, tool);
    const itemId = stringOf(item.id);
    if (itemId !== undefined) this.tools.set(`i${itemId}`, tool);
    const name = this.ctx.toolNames.toClient(stringOf(item.name) ?? '');
    const callId = stringOf(item.call_id) ?? itemId ?? newId('call_');
    return [
      this.chunk({
        tool_calls: [
          {
            index: tool.index,
            id: callId,
            type: 'function',
            function: { name, arguments: initialArguments },
          },
        ],
      }),
    ];
  }

  private argumentsDelta(event: JsonObject): ChatChunk[] {
    const tool = this.toolFor(event);
    const fragment = stringOf(event.delta) ?? '';
    if (!tool || tool.custom || fragment === '') return [];
    tool.sent += fragment;
    return [this.chunk({ tool_calls: [{ index: tool.index, function: { arguments: fragment } }] })];
  }

  /** Sends whatever part of the complete arguments the deltas did not (servers that skip deltas). */
  private argumentsComplete(tool: ToolCallState | undefined, full: string | undefined): ChatChunk[] {
    if (!tool || tool.custom || full === undefined || !full.startsWith(tool.sent)) return [];
    const rest = full.slice(tool.sent.length);
    if (rest === '') return [];
    tool.sent = full;
    return [this.chunk({ tool_calls: [{ index: tool.index, function: { arguments: rest } }] })];
  }

  private itemDone(event: JsonObject): ChatChunk[] {
    const item = isObject(event.item) ? event.item : {};
    const tool = this.toolFor({ output_index: event.output_index, item_id: item.id });
    if (!tool) return [];
    if (!tool.custom) return this.argumentsComplete(tool, stringOf(item.arguments));
    if (tool.inputSent) return [];
    // The whole `{"input": …}` goes out at once: escaping a raw-text stream into a JSON string piece by
    // piece gains nothing, since clients only run the call once it is complete.
    tool.inputSent = true;
    const input = stringOf(item.input) ?? tool.input;
    return [
      this.chunk({ tool_calls: [{ index: tool.index, function: { arguments: wrapCustomInput(input) } }] }),
    ];
  }

  private finish(response: JsonObject): ChatChunk[] {
    this.done = true;
    this.adoptMeta(response);
    const chunks = [this.chunk({}, finishForResponse(response, this.toolCount > 0))];
    const usage = usageToChat(response.usage);
    if (usage) chunks.push({ ...this.bare([]), usage });
    return chunks;
  }

  private fail(error: unknown): ChatChunk[] {
    this.done = true;
    const details = isObject(error) ? error : {};
    const message = stringOf(details.message) || 'The upstream response failed.';
    const type = stringOf(details.code) ?? stringOf(details.type);
    return [{ ...this.bare([]), error: type ? { message, type } : { message } }];
  }
}

export function responsesStreamToChat(ctx: TranslateContext): StreamToChat {
  return new ResponsesStreamToChat(ctx);
}
