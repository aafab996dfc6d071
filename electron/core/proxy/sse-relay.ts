import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { StreamUsageTracker } from '../dialects/usage-types';
import { isChatUsageOnlyChunk } from '../dialects/openai-chat-usage';
import { createJsonArraySplitter } from '../dialects/json-array-splitter';

/** Receives upstream body chunks after they were forwarded, to read usage off the stream. */
export interface StreamObserver {
  /** Returns the bytes to send to the client, or null to send the chunk unchanged. */
  transform: ((chunk: Buffer) => string | null) | null;
  observe(chunk: Buffer): void;
}

/** SSE: every chunk goes to the client as is, then to the parser. */
export function sseObserver(tracker: StreamUsageTracker): StreamObserver {
  const decoder = new StringDecoder('utf8');
  const parser = createParser({ onEvent: (event) => tracker.onEvent(event.event, event.data) });
  return { transform: null, observe: (chunk) => parser.feed(decoder.write(chunk)) };
}

/**
 * OpenAI chat streams where Farebox added stream_options.include_usage itself: the extra usage-only chunk is
 * read and then removed, so the client sees exactly the stream it asked for. Events are re-emitted one by
 * one as soon as each is complete.
 */
export function usageStrippingObserver(tracker: StreamUsageTracker): StreamObserver {
  const decoder = new StringDecoder('utf8');
  let out = '';
  const parser = createParser({
    onEvent: (event) => {
      tracker.onEvent(event.event, event.data);
      if (!isChatUsageOnlyChunk(event.data)) out += serialize(event);
    },
    onComment: (comment) => {
      out += `: ${comment}\n\n`;
    },
  });
  return {
    transform: (chunk) => {
      out = '';
      parser.feed(decoder.write(chunk));
      return out;
    },
    observe: () => {},
  };
}

function serialize(event: EventSourceMessage): string {
  let text = '';
  if (event.id !== undefined) text += `id: ${event.id}\n`;
  if (event.event !== undefined) text += `event: ${event.event}\n`;
  for (const line of event.data.split('\n')) text += `data: ${line}\n`;
  return `${text}\n`;
}

/** Gemini's streamGenerateContent without alt=sse: one JSON array, element by element. */
export function jsonArrayObserver(tracker: StreamUsageTracker): StreamObserver {
  const decoder = new StringDecoder('utf8');
  const splitter = createJsonArraySplitter((element) => tracker.onEvent(undefined, element));
  return { transform: null, observe: (chunk) => splitter.feed(decoder.write(chunk)) };
}
