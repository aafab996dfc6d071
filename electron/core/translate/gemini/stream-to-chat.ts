import type { ChatChunk, ChatDelta, ChatFinishReason } from '../chat-types';
import type { JsonObject, StreamToChat, TranslateContext } from '../translator';
import { finishReasonToChat } from './finish-reason';
import { newResponseId, newToolCallId } from './ids';
import { functionCallToChat } from './parts';
import { isObject, numberAt, objectAt, parseJson, stringAt } from './shapes';
import { candidateParts, firstCandidate, isPromptBlocked, unwrapResponse } from './upstream-response';
import { usageToChat } from './usage';

/**
 * A Gemini upstream stream → chat chunks. Each element is a whole GenerateContentResponse fragment (an SSE
 * data event or a JSON-array element). Function calls arrive whole, so each becomes one complete tool-call
 * delta. Usage is held to the end: intermediate fragments carry partial counts and the last one is complete.
 */
export function geminiStreamToChat(ctx: TranslateContext): StreamToChat {
  return new GeminiStreamToChat(ctx);
}

class GeminiStreamToChat implements StreamToChat {
  private id = '';
  private model = '';
  private readonly created = Math.floor(Date.now() / 1000);
  private roleSent = false;
  private toolCallCount = 0;
  private usageMetadata: JsonObject | undefined;
  private finished = false;
  private failed = false;

  constructor(private readonly ctx: TranslateContext) {}

  event(_eventName: string | undefined, data: string): ChatChunk[] {
    const parsed = parseJson(data);
    if (this.failed || !isObject(parsed)) return [];
    const response = unwrapResponse(parsed);
    this.id ||= stringAt(response, 'responseId') || newResponseId();
    this.model ||= stringAt(response, 'modelVersion') || this.ctx.upstreamModel;

    const error = objectAt(response, 'error') ?? objectAt(parsed, 'error');
    if (error) {
      this.failed = true;
      return [this.errorChunk(error)];
    }
    this.usageMetadata = objectAt(response, 'usageMetadata') ?? this.usageMetadata;
    if (this.finished) return [];

    const candidate = firstCandidate(response);
    const chunks = candidateParts(candidate).flatMap((part) => this.partChunks(part));
    const finishReason = stringAt(candidate, 'finishReason');
    if (finishReason) chunks.push(this.finishChunk(finishReasonToChat(finishReason, this.toolCallCount > 0)));
    else if (isPromptBlocked(response)) chunks.push(this.finishChunk('content_filter'));
    return chunks;
  }

  end(): ChatChunk[] {
    if (this.failed) return [];
    this.id ||= newResponseId();
    this.model ||= this.ctx.upstreamModel;
    const chunks: ChatChunk[] = [];
    if (!this.finished) chunks.push(this.finishChunk(this.toolCallCount > 0 ? 'tool_calls' : 'stop'));
    if (this.usageMetadata)
      chunks.push({ ...this.base(), choices: [], usage: usageToChat(this.usageMetadata) });
    return chunks;
  }

  private partChunks(part: JsonObject): ChatChunk[] {
    const call = objectAt(part, 'functionCall');
    if (call) {
      const name = this.ctx.toolNames.toClient(stringAt(call, 'name') ?? '');
      const toolCall = functionCallToChat(part, newToolCallId(), name);
      return [this.deltaChunk({ tool_calls: [{ index: this.toolCallCount++, ...toolCall }] })];
    }
    // Empty text parts only carry a thought signature, which a text reply does not need back.
    const text = stringAt(part, 'text');
    if (!text) return [];
    return [this.deltaChunk(part.thought === true ? { reasoning_content: text } : { content: text })];
  }

  private deltaChunk(delta: ChatDelta): ChatChunk {
    const withRole: ChatDelta = this.roleSent ? delta : { role: 'assistant', ...delta };
    this.roleSent = true;
    return { ...this.base(), choices: [{ index: 0, delta: withRole, finish_reason: null }] };
  }

  private finishChunk(reason: ChatFinishReason): ChatChunk {
    this.finished = true;
    return { ...this.base(), choices: [{ index: 0, delta: {}, finish_reason: reason }] };
  }

  private errorChunk(error: JsonObject): ChatChunk {
    const message = stringAt(error, 'message') || 'Gemini upstream error';
    const type = stringAt(error, 'status');
    const code = numberAt(error, 'code');
    return {
      ...this.base(),
      choices: [],
      error: { message, ...(type ? { type } : {}), ...(code !== undefined ? { code } : {}) },
    };
  }

  private base(): Pick<ChatChunk, 'id' | 'object' | 'created' | 'model'> {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model };
  }
}
