import type { ChatChunk, ChatUsage } from '../chat-types';
import type { JsonObject, StreamFromChat, TranslateContext } from '../translator';
import { geminiError, statusOfChatError } from './errors';
import type { GeminiFinishReason, GeminiPart, GeminiResponse } from './gemini-types';
import { finishReasonFromChat } from './finish-reason';
import { newResponseId, newToolCallId } from './ids';
import { toolCallToPart } from './parts';
import { isObject, numberAt, objectAt, objectsAt, stringAt } from './shapes';
import { usageFromChat } from './usage';

/** A tool call being assembled from chat argument fragments. */
interface PendingCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Chat chunks → the Gemini stream the client reads: SSE events (`alt=sse`) or one JSON array written an
 * element at a time. Text and thinking go out as they come; Gemini function calls are whole, so calls are
 * assembled and sent when the chat finish arrives. The finish itself waits for the usage chunk (which
 * follows it in chat) so the last fragment carries both, as Gemini's does.
 */
export function geminiStreamFromChat(ctx: TranslateContext): StreamFromChat {
  return new GeminiStreamFromChat(ctx);
}

class GeminiStreamFromChat implements StreamFromChat {
  private responseId = '';
  private modelVersion = '';
  private elementsWritten = 0;
  private readonly calls: PendingCall[] = [];
  /** The call each chat tool-call index is currently filling. */
  private readonly callAtIndex = new Map<number, PendingCall>();
  private finishReason: GeminiFinishReason | undefined;
  private usage: ChatUsage | undefined;
  /** The fragment with finishReason is out: the answer is complete. */
  private finished = false;
  private failed = false;
  private ended = false;

  constructor(private readonly ctx: TranslateContext) {}

  chunk(chunk: ChatChunk): string {
    if (this.failed || this.finished || !isObject(chunk)) return '';
    this.responseId ||= stringAt(chunk, 'id') ?? '';
    this.modelVersion ||= stringAt(chunk, 'model') ?? '';
    const error = objectAt(chunk, 'error');
    if (error) return this.error(stringAt(error, 'message') || 'Upstream error', statusOfChatError(error));

    let out = '';
    const choice = objectsAt(chunk, 'choices')[0];
    const delta = objectAt(choice, 'delta');
    const reasoning = stringAt(delta, 'reasoning_content');
    if (reasoning) out += this.write(this.fragment([{ text: reasoning, thought: true }]));
    const text = stringAt(delta, 'content');
    if (text) out += this.write(this.fragment([{ text }]));
    for (const fragment of objectsAt(delta, 'tool_calls')) this.collectCall(fragment);

    if (isObject(chunk.usage)) this.usage = chunk.usage;
    const finishReason = stringAt(choice, 'finish_reason');
    if (finishReason && !this.finishReason) {
      out += this.writeCalls();
      this.finishReason = finishReasonFromChat(finishReason);
    }
    if (this.finishReason && isObject(chunk.usage)) out += this.writeFinal();
    return out;
  }

  /**
   * The error is the stream's last element. The proxy calls only this when the upstream dies mid-stream (no
   * end() follows), so a JSON-array stream is closed here: the client must still get a parseable array.
   */
  error(message: string, status?: number): string {
    if (this.failed || this.ended) return '';
    this.failed = true;
    const out = this.write(geminiError(message, status));
    if (this.ctx.geminiSse) return out;
    this.ended = true;
    return `${out}]`;
  }

  end(): string {
    if (this.ended) return '';
    this.ended = true;
    let out = '';
    // The upstream may end without a finish (or the usage after it); Gemini clients still need the last fragment.
    if (!this.failed && !this.finished) out += this.writeCalls() + this.writeFinal();
    if (!this.ctx.geminiSse) out += this.elementsWritten === 0 ? '[]' : ']';
    return out;
  }

  private collectCall(fragment: JsonObject): void {
    const index = numberAt(fragment, 'index') ?? 0;
    const id = stringAt(fragment, 'id');
    const fn = objectAt(fragment, 'function');
    let call = this.callAtIndex.get(index);
    // Some servers reuse index 0 for every call; a new id at a known index starts a new call.
    if (!call || (id && call.id && id !== call.id)) {
      call = { id: '', name: '', arguments: '' };
      this.calls.push(call);
      this.callAtIndex.set(index, call);
    }
    call.id ||= id ?? '';
    call.name ||= stringAt(fn, 'name') ?? '';
    call.arguments += stringAt(fn, 'arguments') ?? '';
  }

  private writeCalls(): string {
    // Client-facing: the pivot already carries the client's tool names.
    const parts = this.calls
      .filter((call) => call.name)
      .map((call) =>
        toolCallToPart(
          {
            id: call.id || newToolCallId(),
            type: 'function',
            function: { name: call.name, arguments: call.arguments },
          },
          call.name,
          true,
        ),
      );
    this.calls.length = 0;
    this.callAtIndex.clear();
    return parts.length > 0 ? this.write(this.fragment(parts)) : '';
  }

  private writeFinal(): string {
    this.finished = true;
    // Gemini's last fragment has an empty text part; the SDK counts a fragment without parts as invalid.
    const final = this.fragment([{ text: '' }], this.finishReason ?? 'STOP');
    if (this.usage) final.usageMetadata = usageFromChat(this.usage);
    return this.write(final);
  }

  private fragment(parts: GeminiPart[], finishReason?: GeminiFinishReason): GeminiResponse {
    this.responseId ||= newResponseId();
    const candidate = { content: { role: 'model' as const, parts }, index: 0 };
    return {
      candidates: [finishReason ? { ...candidate, finishReason } : candidate],
      modelVersion: this.modelVersion || this.ctx.requestedModel,
      responseId: this.responseId,
    };
  }

  private write(element: GeminiResponse | JsonObject): string {
    const json = JSON.stringify(element);
    if (this.ctx.geminiSse) return `data: ${json}\r\n\r\n`;
    const separator = this.elementsWritten === 0 ? '[' : ',\r\n';
    this.elementsWritten++;
    return separator + json;
  }
}
