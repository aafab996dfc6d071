import type { ChatChunk, ChatFinishReason, ChatUsage } from '../chat-types';
import { namedEvent } from '../sse-format';
import type { JsonObject, StreamFromChat, TranslateContext } from '../translator';
import { newId, nowSeconds } from './ids';
import { responseObject, statusForFinish, type ResponseFields, type ResponseStatus } from './response-object';
import { isObject, stringOf } from './shapes';
import {
  closeItemEvents,
  fragmentEvents,
  itemIdPrefix,
  openItemEvents,
  type Emit,
  type StreamItem,
} from './stream-items';
import { usageFromChat } from './usage';

/** The `code` Codex reads from response.failed: it retries rate limits and reports the rest. */
function failureCode(status: number | undefined, error: ChatChunk['error'] | undefined): string {
  if (typeof error?.code === 'string' && error.code !== '') return error.code;
  if (status === 429 || (error?.type ?? '').includes('rate_limit')) return 'rate_limit_exceeded';
  return 'server_error';
}

/**
 * Chat chunks → the Responses event stream Codex reads. Output items must not overlap: exactly one item is
 * live (streams as it arrives); reasoning and text items close as soon as something else starts. A tool call
 * stays live until the finish because its arguments may keep coming, so anything arriving meanwhile (another
 * call interleaved by index, late text) waits in a pending item and is written whole, in order, at the finish.
 */
class ResponsesStreamFromChat implements StreamFromChat {
  private readonly id = newId('resp_');
  private readonly createdAt = nowSeconds();
  private sequence = 0;
  private started = false;
  private ended = false;
  private readonly items: StreamItem[] = [];
  private live: StreamItem | null = null;
  private readonly tools = new Map<number, StreamItem>();
  private readonly output: JsonObject[] = [];
  private finish: ChatFinishReason | undefined;
  private usage: ChatUsage | undefined;

  constructor(private readonly ctx: TranslateContext) {}

  private readonly emit: Emit = (type, fields) =>
    namedEvent(type, { type, sequence_number: this.sequence++, ...fields });

  chunk(chunk: ChatChunk): string {
    if (this.ended || !isObject(chunk)) return '';
    let out = this.start();
    if (isObject(chunk.error)) {
      return (
        out +
        this.fail(failureCode(undefined, chunk.error), stringOf(chunk.error.message) || 'Upstream error')
      );
    }
    const choice = Array.isArray(chunk.choices) ? chunk.choices.find(isObject) : undefined;
    if (isObject(choice?.delta)) out += this.delta(choice.delta);
    if (choice?.finish_reason) {
      // Items close now; the terminal event waits for the usage chunk that follows the finish.
      this.finish = choice.finish_reason;
      out += this.flush();
    }
    if (isObject(chunk.usage)) {
      this.usage = chunk.usage;
      if (this.finish !== undefined && !choice) out += this.complete();
    }
    return out;
  }

  /**
   * One chunk may carry reasoning, text and calls at once; they are taken in the order items appear. Empty
   * strings are skipped: some servers send `reasoning_content: ""` with every text chunk.
   */
  private delta(delta: JsonObject): string {
    let out = '';
    const reasoning = stringOf(delta.reasoning_content);
    if (reasoning) out += this.feed(this.textItem('reasoning'), reasoning);
    const signature = stringOf(delta.reasoning_signature);
    if (signature) {
      const item = this.textItem('reasoning');
      item.signature = signature;
      out += this.feed(item, '');
    }
    const content = stringOf(delta.content);
    if (content) out += this.feed(this.textItem('message'), content);
    for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
      if (isObject(call) && typeof call.index === 'number') out += this.toolDelta(call.index, call);
    }
    return out;
  }

  error(message: string, status?: number): string {
    if (this.ended) return '';
    return this.start() + this.fail(failureCode(status, undefined), message);
  }

  end(): string {
    if (this.ended) return '';
    return this.start() + this.complete();
  }

  private snapshot(status: ResponseStatus, extra: Partial<ResponseFields> = {}): JsonObject {
    return responseObject({
      id: this.id,
      createdAt: this.createdAt,
      model: this.ctx.requestedModel,
      status,
      output: [...this.output],
      ...extra,
    });
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const response = this.snapshot('in_progress');
    return this.emit('response.created', { response }) + this.emit('response.in_progress', { response });
  }

  /** The item a reasoning or text fragment belongs to. */
  private textItem(kind: 'reasoning' | 'message'): StreamItem {
    if (this.live?.kind === kind) return this.live;
    if (this.live && (this.live.kind === 'function_call' || this.live.kind === 'custom_tool_call')) {
      const waiting = this.items.findLast((item) => item.kind === kind && item.state === 'pending');
      if (waiting) return waiting;
    }
    return this.newItem(kind);
  }

  private newItem(kind: StreamItem['kind']): StreamItem {
    const item: StreamItem = { kind, id: '', outputIndex: -1, state: 'pending', text: '' };
    this.items.push(item);
    return item;
  }

  /** One `tool_calls[]` entry of a delta; calls are told apart by `index` only. */
  private toolDelta(index: number, call: JsonObject): string {
    let item = this.tools.get(index);
    if (!item) {
      item = this.newItem('function_call');
      this.tools.set(index, item);
    }
    const id = stringOf(call.id);
    if (id && item.callId === undefined) item.callId = id;
    const fn = isObject(call.function) ? call.function : {};
    const name = stringOf(fn.name);
    if (name && item.name === undefined) {
      item.name = name;
      if (this.ctx.customToolNames.has(name)) item.kind = 'custom_tool_call';
    }
    return this.feed(item, stringOf(fn.arguments) ?? '');
  }

  /** Adds a fragment to its item, opening the item when nothing blocks it. */
  private feed(item: StreamItem, fragment: string): string {
    let out = '';
    if (item.state === 'pending' && this.canOpen(item)) out += this.open(item);
    item.text += fragment;
    if (item.state === 'live') out += fragmentEvents(item, fragment, this.emit);
    return out;
  }

  private canOpen(item: StreamItem): boolean {
    // output_item.added must name the function, and the name comes with the call's first fragment or later.
    if ((item.kind === 'function_call' || item.kind === 'custom_tool_call') && item.name === undefined)
      return false;
    return this.live === null || this.live.kind === 'reasoning' || this.live.kind === 'message';
  }

  /** Opens an item (closing a live reasoning or text item first) and writes what it buffered. */
  private open(item: StreamItem): string {
    let out = this.live ? this.close(this.live) : '';
    item.state = 'live';
    item.id = newId(itemIdPrefix(item.kind));
    item.outputIndex = this.output.length;
    if (item.kind === 'function_call' || item.kind === 'custom_tool_call') item.callId ??= newId('call_');
    this.live = item;
    out += openItemEvents(item, this.emit);
    return out + fragmentEvents(item, item.text, this.emit);
  }

  private close(item: StreamItem): string {
    const { events, done } = closeItemEvents(item, this.emit);
    item.state = 'done';
    this.output.push(done);
    if (this.live === item) this.live = null;
    return events;
  }

  /** Closes the live item, then writes every waiting item whole, in the order they first appeared. */
  private flush(): string {
    let out = this.live ? this.close(this.live) : '';
    for (const item of this.items) {
      if (item.state === 'pending') out += this.open(item) + this.close(item);
    }
    return out;
  }

  private complete(): string {
    const out = this.flush();
    const { status, incompleteReason } = statusForFinish(this.finish);
    this.ended = true;
    const response = this.snapshot(status, { usage: usageFromChat(this.usage), incompleteReason });
    const type = status === 'incomplete' ? 'response.incomplete' : 'response.completed';
    return out + this.emit(type, { response });
  }

  private fail(code: string, message: string): string {
    this.ended = true;
    return this.emit('response.failed', { response: this.snapshot('failed', { error: { code, message } }) });
  }
}

export function responsesStreamFromChat(ctx: TranslateContext): StreamFromChat {
  return new ResponsesStreamFromChat(ctx);
}
