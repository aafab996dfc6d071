import type { ChatChunk } from '../chat-types';
import { namedEvent } from '../sse-format';
import type { JsonObject, StreamFromChat, TranslateContext } from '../translator';
import { isJsonObject, objectField } from '../../dialects/usage-types';
import { anthropicErrorType, anthropicErrorTypeOf } from './error-type';
import { newMessageId, toolUseId } from './ids';
import { unsignedSignature } from './reasoning';
import { stopReasonFromFinishReason } from './stop-reason';
import { anthropicUsageFromChat } from './usage';

interface ToolCall {
  id?: string;
  name?: string;
  /** All argument text received so far, and how much of it the client has been sent. */
  args: string;
  sent: number;
  state: 'waiting' | 'open' | 'closed';
}

type OpenBlock =
  { type: 'text' | 'thinking'; index: number } | { type: 'tool_use'; index: number; call: ToolCall };

/** Chat chunks → Anthropic SSE events for the client (protocols.md §5.3). */
export function streamFromChat(ctx: TranslateContext): StreamFromChat {
  return new AnthropicStreamFromChat(ctx);
}

/**
 * Anthropic content blocks are sequential: one is open at a time and a closed block cannot be reopened,
 * while chat streams text, reasoning and several tool calls by index, possibly interleaved. So:
 * - one tool call streams live; fragments of the others are kept until their block opens. The open call
 *   gives way once its arguments form complete JSON and another call is waiting (or at the finish);
 * - a tool call's block opens only once its name is known (it cannot be changed after content_block_start);
 * - text and reasoning arriving after tool calls began are held and written after the tool blocks, so no
 *   tool block has to be closed before its arguments are all in.
 */
class AnthropicStreamFromChat implements StreamFromChat {
  private started = false;
  private ended = false;
  private nextBlockIndex = 0;
  private open: OpenBlock | undefined;
  /** Signature text for the current thinking block (chat sends it as a delta). */
  private signature = '';
  /** Tool calls by chat index, in order of first appearance. */
  private readonly calls = new Map<number, ToolCall>();
  private heldReasoning = '';
  private heldText = '';
  private sawToolUse = false;
  /** undefined until a chunk carries finish_reason. */
  private finishReason: string | undefined;
  private usage: unknown;

  constructor(private readonly ctx: TranslateContext) {}

  chunk(chunk: ChatChunk): string {
    if (this.ended || !isJsonObject(chunk)) return '';
    if (chunk.error !== undefined && chunk.error !== null) return this.chunkError(chunk.error);

    let out = this.start(chunk.model);
    // Anthropic has no n > 1: only the first choice is used.
    const choice = (Array.isArray(chunk.choices) ? chunk.choices : []).find(isJsonObject);
    if (choice) {
      const delta = objectField(choice, 'delta');
      if (delta) out += this.delta(delta);
      if (typeof choice.finish_reason === 'string') {
        this.finishReason = choice.finish_reason;
        out += this.closeAll();
      }
    }
    if (isJsonObject(chunk.usage)) {
      this.usage = chunk.usage;
      // The stop reason is held for the usage chunk that follows the finish chunk. Usage seen before the
      // finish (some servers repeat it on every chunk) is kept but may not be final yet.
      if (this.finishReason !== undefined) out += this.finish();
    }
    return out;
  }

  error(message: string, status?: number): string {
    if (this.ended) return '';
    this.ended = true;
    return errorEvent(anthropicErrorType(status), message);
  }

  end(): string {
    return this.ended ? '' : this.finish();
  }

  private start(model: unknown): string {
    if (this.started) return '';
    this.started = true;
    return namedEvent('message_start', {
      type: 'message_start',
      message: {
        id: newMessageId(),
        type: 'message',
        role: 'assistant',
        model: nonEmpty(model) ? model : this.ctx.requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        // The real counts only arrive at the end of a chat stream; they go into message_delta.
        usage: {
          input_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 0,
        },
      },
    });
  }

  /** One delta, in Anthropic block order: thinking, text, tool calls. */
  private delta(delta: JsonObject): string {
    let out = '';
    const reasoning = delta['reasoning_content'];
    if (nonEmpty(reasoning)) {
      if (this.calls.size > 0) this.heldReasoning += reasoning;
      else out += this.write('thinking', reasoning);
    }
    if (nonEmpty(delta['reasoning_signature'])) this.signature += delta['reasoning_signature'];
    const content = delta['content'];
    if (nonEmpty(content)) {
      if (this.calls.size > 0) this.heldText += content;
      else out += this.write('text', content);
    }
    const toolCalls = delta['tool_calls'];
    if (Array.isArray(toolCalls)) {
      for (const fragment of toolCalls) out += this.toolFragment(fragment);
    }
    return out;
  }

  private write(type: 'text' | 'thinking', text: string): string {
    let out = '';
    if (this.open?.type !== type) {
      out += this.closeOpen();
      const block = type === 'text' ? { type, text: '' } : { type, thinking: '', signature: '' };
      out += this.openBlock(block, { type, index: this.nextBlockIndex });
    }
    const delta = type === 'text' ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text };
    return out + this.blockDelta(delta);
  }

  private toolFragment(fragment: unknown): string {
    if (!isJsonObject(fragment)) return '';
    // Servers that stream a single call sometimes leave out its index.
    const index = typeof fragment['index'] === 'number' ? fragment['index'] : 0;
    let call = this.calls.get(index);
    if (!call) {
      call = { args: '', sent: 0, state: 'waiting' };
      this.calls.set(index, call);
    }
    if (nonEmpty(fragment['id']) && call.id === undefined) call.id = fragment['id'];
    const fn = objectField(fragment, 'function');
    if (nonEmpty(fn?.['name']) && call.name === undefined) call.name = fn['name'];
    const args = fn?.['arguments'];
    // Arguments after the call's block closed (only possible once they were complete JSON) cannot be sent.
    if (nonEmpty(args)) call.args += args;
    else if (isJsonObject(args)) call.args += JSON.stringify(args);
    const out = call.state === 'open' ? this.sendArguments(call) : '';
    return out + this.advanceTools();
  }

  /** Opens waiting tool calls in order while the open one (if any) is complete. */
  private advanceTools(): string {
    let out = '';
    for (;;) {
      const next = this.nextWaitingCall();
      if (!next || next.name === undefined) return out;
      if (this.open?.type === 'tool_use' && !isCompleteJson(this.open.call.args)) return out;
      out += this.openTool(next);
    }
  }

  private nextWaitingCall(): ToolCall | undefined {
    for (const call of this.calls.values()) if (call.state === 'waiting') return call;
    return undefined;
  }

  private openTool(call: ToolCall): string {
    let out = this.closeOpen();
    call.state = 'open';
    this.sawToolUse = true;
    const block = { type: 'tool_use', id: toolUseId(call.id), name: call.name ?? '', input: {} };
    out += this.openBlock(block, { type: 'tool_use', index: this.nextBlockIndex, call });
    return out + this.sendArguments(call);
  }

  private sendArguments(call: ToolCall): string {
    if (call.sent >= call.args.length) return '';
    const partial = call.args.slice(call.sent);
    call.sent = call.args.length;
    return this.blockDelta({ type: 'input_json_delta', partial_json: partial });
  }

  private openBlock(contentBlock: JsonObject, open: OpenBlock): string {
    this.open = open;
    this.nextBlockIndex++;
    return namedEvent('content_block_start', {
      type: 'content_block_start',
      index: open.index,
      content_block: contentBlock,
    });
  }

  private blockDelta(delta: JsonObject): string {
    return namedEvent('content_block_delta', {
      type: 'content_block_delta',
      index: this.open?.index ?? 0,
      delta,
    });
  }

  private closeOpen(): string {
    const open = this.open;
    if (!open) return '';
    let out = '';
    if (open.type === 'thinking') {
      // Anthropic clients expect every thinking block signed; thinking from other models gets Farebox's marker.
      out += this.blockDelta({ type: 'signature_delta', signature: this.signature || unsignedSignature() });
      this.signature = '';
    }
    if (open.type === 'tool_use') open.call.state = 'closed';
    this.open = undefined;
    return out + namedEvent('content_block_stop', { type: 'content_block_stop', index: open.index });
  }

  /** Writes every tool call still waiting, then held text and reasoning, and closes the last block. */
  private closeAll(): string {
    let out = '';
    for (const call of this.calls.values()) {
      if (call.state !== 'waiting') continue;
      // A call whose name never arrived cannot become a tool_use block: there is nothing to run.
      if (call.name === undefined) call.state = 'closed';
      else out += this.openTool(call);
    }
    if (this.heldReasoning !== '') out += this.write('thinking', this.heldReasoning);
    if (this.heldText !== '') out += this.write('text', this.heldText);
    this.heldReasoning = '';
    this.heldText = '';
    return out + this.closeOpen();
  }

  private finish(): string {
    let out = this.start(undefined) + this.closeAll();
    out += namedEvent('message_delta', {
      type: 'message_delta',
      delta: {
        stop_reason: stopReasonFromFinishReason(this.finishReason, this.sawToolUse),
        stop_sequence: null,
      },
      usage: anthropicUsageFromChat(this.usage),
    });
    out += namedEvent('message_stop', { type: 'message_stop' });
    this.ended = true;
    return out;
  }

  private chunkError(error: unknown): string {
    this.ended = true;
    const message =
      typeof error === 'string'
        ? error
        : isJsonObject(error) && nonEmpty(error['message'])
          ? error['message']
          : 'Upstream error';
    return errorEvent(anthropicErrorTypeOf(error), message);
  }
}

function errorEvent(type: string, message: string): string {
  return namedEvent('error', { type: 'error', error: { type, message } });
}

/** Only the concatenation of argument fragments is JSON; a cheap test first, as this runs per fragment. */
function isCompleteJson(text: string): boolean {
  if (!text.trimEnd().endsWith('}')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
