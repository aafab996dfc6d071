import OpenAI from 'openai';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';

/** The SSE text as a byte stream in small chunks, so events and multi-byte characters split across reads. */
function byteStream(text: string, chunkSize = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

export interface SdkResult {
  final: Response;
  events: ResponseStreamEvent[];
  /** The SDK's own snapshot from every event before the terminal one: proves the deltas add up. */
  accumulated: Response | undefined;
  /** The `response` of the terminal event, as sent (finalResponse() adds the SDK's parsed fields). */
  terminal: Response | undefined;
}

/** Serves `sse` as the body of POST /v1/responses and reads it with the official SDK's stream helper. */
export async function readWithSdk(sse: string): Promise<SdkResult> {
  const client = new OpenAI({
    apiKey: 'test-key',
    baseURL: 'http://farebox.test/v1',
    maxRetries: 0,
    fetch: async () =>
      new globalThis.Response(byteStream(sse), {
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
      }),
  });
  const stream = client.responses.stream({ model: 'gpt-5.5-codex', input: 'hi' });
  const events: ResponseStreamEvent[] = [];
  stream.on('event', (event) => events.push(event));
  const final = await stream.finalResponse();
  let accumulated: Response | undefined;
  let terminal: Response | undefined;
  for (const event of events) {
    if (
      event.type === 'response.completed' ||
      event.type === 'response.incomplete' ||
      event.type === 'response.failed'
    ) {
      terminal = event.response;
      break;
    }
    accumulated = accumulateResponse(event, accumulated);
  }
  return { final, events, accumulated, terminal };
}
