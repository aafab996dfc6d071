import { StringDecoder } from 'node:string_decoder';
import { performance } from 'node:perf_hooks';
import { createParser } from 'eventsource-parser';
import type { Dispatcher } from 'undici';
import { createJsonArraySplitter } from '../dialects/json-array-splitter';
import type { StreamUsageTracker } from '../dialects/usage-types';
import type { ChatChunk, ChatResponse } from '../translate/chat-types';
import type { JsonObject } from '../translate/translator';
import type { Translation } from './attempt-plan';
import { sendError, sendJson } from './send-json';
import { readJsonUsage } from './relay-passthrough';
import { round3, type RelayEnd, type RequestRun } from './request-run';

/** A translated non-streaming body is read whole before it can be translated; this bounds it. */
const MAX_JSON_BODY = 64 * 1024 * 1024;

/**
 * Answers the client in its own dialect from an upstream that speaks another: upstream events are turned
 * into chat chunks and those into the client's events, one upstream chunk at a time, so the stream is
 * forwarded as it arrives. Usage is still read from the upstream's own bytes, once.
 */
export function relayTranslated(
  run: RequestRun,
  upstream: Dispatcher.ResponseData,
  translation: Translation,
  options: { stream: boolean; mayRetry: boolean },
): Promise<RelayEnd> {
  run.entry.status = upstream.statusCode;
  return options.stream
    ? relayStream(run, upstream, translation, options)
    : relayJson(run, upstream, translation, options);
}

function relayJson(
  run: RequestRun,
  upstream: Dispatcher.ResponseData,
  { client, upstream: upstreamSide, ctx }: Translation,
  options: { mayRetry: boolean },
): Promise<RelayEnd> {
  const { res, entry } = run;
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve) => {
    upstream.body.on('data', (chunk: Buffer) => {
      if (entry.ttfbMs === null) entry.ttfbMs = round3(performance.now() - run.started);
      size += chunk.length;
      entry.responseBytes = size;
      if (size <= MAX_JSON_BODY) chunks.push(chunk);
    });
    upstream.body.on('error', (error: Error) => {
      const message = `upstream connection failed mid-response: ${error.message}`;
      if (options.mayRetry && !run.isSettled()) return resolve({ done: false, message });
      resolve({ done: true });
      if (res.destroyed || res.writableEnded) return;
      sendTranslatedError(run, 502, message);
    });
    upstream.body.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const seen = readJsonUsage(run.reader, text);
      run.setObservation(() => seen);
      let out: string;
      try {
        if (size > MAX_JSON_BODY) throw new Error(`body is larger than ${MAX_JSON_BODY} bytes`);
        if (seen.errorMessage) throw new Error(seen.errorMessage);
        const chat: ChatResponse = upstreamSide.responseToChat(JSON.parse(text) as JsonObject, ctx);
        out = JSON.stringify(client.responseFromChat(chat, ctx));
      } catch (error) {
        const message = `could not translate the upstream response: ${(error as Error).message}`;
        if (options.mayRetry && size === 0) return resolve({ done: false, message });
        resolve({ done: true });
        sendTranslatedError(run, 502, message);
        return;
      }
      resolve({ done: true });
      // The body goes out once the row is durable: a client that has the response is always in the log.
      run.finish('ok', 200, null, () => sendJson(res, 200, out));
    });
  });
}

function relayStream(
  run: RequestRun,
  upstream: Dispatcher.ResponseData,
  { client, upstream: upstreamSide, ctx }: Translation,
  options: { mayRetry: boolean },
): Promise<RelayEnd> {
  const { res, entry } = run;
  const tracker: StreamUsageTracker | null = run.reader?.createStreamTracker() ?? null;
  if (tracker) run.setObservation(() => tracker.result());
  const toChat = upstreamSide.streamToChat(ctx);
  const toClient = client.streamFromChat(ctx);
  let out = '';
  const emit = (chunks: ChatChunk[]) => {
    for (const chunk of chunks) out += toClient.chunk(chunk);
  };
  const onEvent = (name: string | undefined, data: string) => {
    tracker?.onEvent(name, data);
    emit(toChat.event(name, data));
  };
  const contentType = String(upstream.headers['content-type'] ?? '');
  const decoder = new StringDecoder('utf8');
  // Gemini answers a stream without alt=sse as one JSON array; Farebox asks for SSE but accepts either.
  const feed = contentType.includes('text/event-stream')
    ? (() => {
        const parser = createParser({ onEvent: (event) => onEvent(event.event, event.data) });
        return (text: string) => parser.feed(text);
      })()
    : (() => {
        const splitter = createJsonArraySplitter((element) => onEvent(undefined, element));
        return (text: string) => splitter.feed(text);
      })();

  // A Gemini client that did not ask for alt=sse reads one JSON array.
  const jsonArrayClient = run.clientEndpoint === 'gemini-stream-generate' && !ctx.geminiSse;
  let headWritten = false;
  const write = (text: string): boolean => {
    if (text === '') return true;
    if (!headWritten) {
      headWritten = true;
      res.writeHead(200, {
        'content-type': jsonArrayClient ? 'application/json' : 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
      });
    }
    return res.write(text);
  };

  return new Promise((resolve) => {
    upstream.body.on('data', (chunk: Buffer) => {
      if (entry.ttfbMs === null) entry.ttfbMs = round3(performance.now() - run.started);
      entry.responseBytes += chunk.length;
      out = '';
      feed(decoder.write(chunk));
      if (!write(out)) {
        upstream.body.pause();
        res.once('drain', () => upstream.body.resume());
      }
    });
    upstream.body.on('end', () => {
      out = '';
      emit(toChat.end());
      out += toClient.end();
      if (!headWritten && entry.responseBytes === 0 && options.mayRetry) {
        resolve({ done: false, message: 'upstream stream ended before sending anything' });
        return;
      }
      write(out);
      resolve({ done: true });
      run.finish('ok', 200, null, () => res.end());
    });
    upstream.body.on('error', (error: Error) => {
      const message = `upstream connection failed mid-response: ${error.message}`;
      if (!headWritten && options.mayRetry && !run.isSettled()) {
        resolve({ done: false, message });
        return;
      }
      resolve({ done: true });
      if (res.destroyed || res.writableEnded) return; // the client left first; its close handler recorded it
      // Nothing reached the client yet: a plain error response in its dialect says more than a lone event.
      if (!headWritten) return sendTranslatedError(run, 502, message);
      write(toClient.error(message, 502));
      run.finish('upstream_error', 200, message, () => res.end());
    });
  });
}

/** Sends an error in the client's dialect (as JSON before anything else was sent, else by closing). */
export function sendTranslatedError(run: RequestRun, status: number, message: string): void {
  const { res } = run;
  if (res.headersSent) {
    run.finish('upstream_error', run.entry.status, message);
    res.destroy();
    return;
  }
  // The row keeps the status the client got.
  run.finish('upstream_error', status, message, () => sendError(res, run.clientDialect, status, message));
}
