import type { ChatChunk, ChatDelta, ChatFinishReason } from '../chat-types';
import type { JsonObject, StreamToChat, TranslateContext } from '../translator';
import { isJsonObject, objectField, parseJsonObject } from '../../dialects/usage-types';
import { newMessageId } from './ids';
import { finishReasonFromStopReason } from './stop-reason';
import { chatUsageFromAnthropic } from './usage';

/** Usage fields message_delta may repeat; a later value replaces the one from message_start. */
const USAGE_FIELDS = [
  'input_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
  'output_tokens',
  'output_tokens_details',
];

interface ToolBlock {
  /** The call's index among this message's tool calls: chat numbers calls, not content blocks. */
  chatIndex: number;
  /** The input given at block start; normally {} with the real input following as input_json_delta. */
  startInput: unknown;
  sawInputDelta: boolean;
}

/** The upstream's Anthropic SSE events → chat chunks. */
export function streamToChat(ctx: TranslateContext): StreamToChat {
  return new AnthropicStreamToChat(ctx);
}

class AnthropicStreamToChat implements StreamToChat {
  private id = newMessageId();
  private model: string;
  private readonly created = Math.floor(Date.now() / 1000);
  private readonly toolBlocks = new Map<number, ToolBlock>();
  private usage: JsonObject = {};
  private finished = false;

  constructor(private readonly ctx: TranslateContext) {
    this.model = ctx.upstreamModel;
  }

  event(eventName: string | undefined, data: string): ChatChunk[] {
    const event = parseJsonObject(data);
    if (!event) return [];
    const type = typeof event['type'] === 'string' ? event['type'] : eventName;
    switch (type) {
      case 'message_start':
        return this.messageStart(objectField(event, 'message'));
      case 'content_block_start':
        return this.blockStart(event['index'], objectField(event, 'content_block'));
      case 'content_block_delta':
        return this.blockDelta(event['index'], objectField(event, 'delta'));
      case 'content_block_stop':
        return this.blockStop(event['index']);
      case 'message_delta':
        return this.messageDelta(objectField(event, 'delta'), objectField(event, 'usage'));
      case 'error':
        return [this.errorChunk(event['error'])];
      default:
        // ping, message_stop and event types added later carry nothing for chat.
        return [];
    }
  }

  end(): ChatChunk[] {
    // A stream cut before message_delta has no finish to report; the proxy reports the cut itself.
    return [];
  }

  private messageStart(message: JsonObject | undefined): ChatChunk[] {
    if (typeof message?.['id'] === 'string') this.id = message['id'];
    if (typeof message?.['model'] === 'string') this.model = message['model'];
    this.rememberUsage(objectField(message, 'usage'));
    return [this.chunk({ role: 'assistant', content: '' })];
  }

  private blockStart(index: unknown, block: JsonObject | undefined): ChatChunk[] {
    if (typeof index !== 'number' || !block) return [];
    switch (block['type']) {
      case 'tool_use': {
        const chatIndex = this.toolBlocks.size;
        this.toolBlocks.set(index, { chatIndex, startInput: block['input'], sawInputDelta: false });
        const name = typeof block['name'] === 'string' ? this.ctx.toolNames.toClient(block['name']) : '';
        const id = typeof block['id'] === 'string' ? block['id'] : '';
        return [
          this.chunk({
            tool_calls: [{ index: chatIndex, id, type: 'function', function: { name, arguments: '' } }],
          }),
        ];
      }
      // Text and thinking normally start empty; anything already there is forwarded.
      case 'text':
        return nonEmpty(block['text']) ? [this.chunk({ content: block['text'] })] : [];
      case 'thinking':
        return nonEmpty(block['thinking']) ? [this.chunk({ reasoning_content: block['thinking'] })] : [];
      default:
        // redacted_thinking and server tool blocks have nothing a chat client can use.
        return [];
    }
  }

  private blockDelta(index: unknown, delta: JsonObject | undefined): ChatChunk[] {
    switch (delta?.['type']) {
      case 'text_delta':
        return nonEmpty(delta['text']) ? [this.chunk({ content: delta['text'] })] : [];
      case 'thinking_delta':
        return nonEmpty(delta['thinking']) ? [this.chunk({ reasoning_content: delta['thinking'] })] : [];
      case 'signature_delta':
        return nonEmpty(delta['signature']) ? [this.chunk({ reasoning_signature: delta['signature'] })] : [];
      case 'input_json_delta': {
        const tool = typeof index === 'number' ? this.toolBlocks.get(index) : undefined;
        if (!tool || !nonEmpty(delta['partial_json'])) return [];
        tool.sawInputDelta = true;
        return [this.argumentsChunk(tool.chatIndex, delta['partial_json'])];
      }
      default:
        return [];
    }
  }

  /** A tool block that got no input_json_delta still needs JSON arguments: chat clients parse them. */
  private blockStop(index: unknown): ChatChunk[] {
    const tool = typeof index === 'number' ? this.toolBlocks.get(index) : undefined;
    if (!tool || tool.sawInputDelta) return [];
    tool.sawInputDelta = true;
    const input = isJsonObject(tool.startInput) ? tool.startInput : {};
    return [this.argumentsChunk(tool.chatIndex, JSON.stringify(input))];
  }

  private messageDelta(delta: JsonObject | undefined, usage: JsonObject | undefined): ChatChunk[] {
    if (this.finished) return [];
    this.finished = true;
    this.rememberUsage(usage);
    const finish = this.chunk({}, finishReasonFromStopReason(delta?.['stop_reason']));
    const usageChunk: ChatChunk = {
      ...this.chunk({}),
      choices: [],
      usage: chatUsageFromAnthropic(this.usage),
    };
    return [finish, usageChunk];
  }

  private rememberUsage(usage: JsonObject | undefined): void {
    for (const field of USAGE_FIELDS) {
      const value = usage?.[field];
      if (value !== undefined && value !== null) this.usage[field] = value;
    }
  }

  private errorChunk(error: unknown): ChatChunk {
    const details = isJsonObject(error) ? error : {};
    const message = typeof details['message'] === 'string' ? details['message'] : 'Upstream stream error';
    const chatError: NonNullable<ChatChunk['error']> = { message };
    if (typeof details['type'] === 'string') chatError.type = details['type'];
    return { ...this.chunk({}), choices: [], error: chatError };
  }

  private argumentsChunk(index: number, fragment: string): ChatChunk {
    return this.chunk({ tool_calls: [{ index, function: { arguments: fragment } }] });
  }

  private chunk(delta: ChatDelta, finishReason: ChatFinishReason = null): ChatChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    };
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
