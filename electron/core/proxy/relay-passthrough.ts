import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { Endpoint } from '../../../shared/dialects';
import type { StreamUsageTracker, UsageObservation, UsageReader } from '../dialects/usage-types';
import { streamErrorEvent, upstreamErrorMessage } from './error-bodies';
import { sendError } from './send-json';
import { round3, type RelayEnd, type RequestRun } from './request-run';
import { jsonArrayObserver, sseObserver, usageStrippingObserver, type StreamObserver } from './sse-relay';
import { clientResponseHeaders } from './upstream-request';

const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Forwards an upstream response in the client's own dialect, byte for byte (apart from a usage chunk Farebox
 * asked for itself), reading usage off the bytes after they were handed to the client.
 */
export function relayPassThrough(
  run: RequestRun,
  upstream: Dispatcher.ResponseData,
  options: { stripUsageChunk: boolean; mayRetry: boolean },
): Promise<RelayEnd> {
  const { res, entry, reader, finish } = run;
  const status = upstream.statusCode;
  entry.status = status;
  const contentType = String(upstream.headers['content-type'] ?? '');
  const isError = status >= 400;
  const isSse = !isError && contentType.includes('text/event-stream');
  const isJsonArrayStream = !isError && !isSse && entry.upstreamEndpoint === 'gemini-stream-generate';

  let observer: StreamObserver | null = null;
  let collected: Buffer[] | null = null;
  let collectedBytes = 0;
  if (isSse || isJsonArrayStream) {
    const tracker: StreamUsageTracker | null = reader?.createStreamTracker() ?? null;
    if (tracker) {
      observer = isJsonArrayStream
        ? jsonArrayObserver(tracker)
        : options.stripUsageChunk
          ? usageStrippingObserver(tracker)
          : sseObserver(tracker);
      run.setObservation(() => tracker.result());
    }
  } else if (isError || reader) {
    collected = [];
  }

  const body = upstream.body;
  // Headers go out with the first byte, so an upstream that fails before sending anything can still be
  // replaced by the next target of a chain.
  let headWritten = false;
  const writeHead = () => {
    if (headWritten) return;
    headWritten = true;
    res.writeHead(status, clientResponseHeaders(upstream.headers, observer?.transform != null));
  };
  // A plain body (JSON, an error, a model list) keeps its last chunk back until the request is committed, so
  // a client that saw the whole body (it knows the content-length) is always already in the log. Streams are
  // never held: their final chunked-encoding terminator is what waits for the commit.
  const holdLastChunk = !isSse && !isJsonArrayStream;
  let held: Buffer | null = null;
  const end = () => {
    writeHead();
    if (held) res.end(held);
    else res.end();
  };
  const forward = (chunk: Buffer | string): boolean => {
    writeHead();
    if (!holdLastChunk) return res.write(chunk);
    const previous = held;
    held = chunk as Buffer;
    return previous ? res.write(previous) : true;
  };

  return new Promise((resolve) => {
    body.on('data', (chunk: Buffer) => {
      if (entry.ttfbMs === null) entry.ttfbMs = round3(performance.now() - run.started);
      entry.responseBytes += chunk.length;
      const rewritten = observer?.transform ? observer.transform(chunk) : null;
      const writable = rewritten === null ? forward(chunk) : rewritten === '' ? true : forward(rewritten);
      // Usage is read after the bytes were handed to the client socket: logging never delays forwarding.
      observer?.observe(chunk);
      if (collected && collectedBytes < (isError ? ERROR_BODY_LIMIT : Infinity)) {
        collected.push(chunk);
        collectedBytes += chunk.length;
      }
      if (!writable) {
        body.pause();
        res.once('drain', () => body.resume());
      }
    });
    body.on('end', () => {
      if (entry.responseBytes === 0 && !isError && options.mayRetry) {
        resolve({ done: false, message: `upstream answered ${status} with an empty body` });
        return;
      }
      if (collected) {
        const text = Buffer.concat(collected).toString('utf8');
        if (isError) {
          finish('upstream_error', status, upstreamErrorMessage(text) ?? `upstream answered ${status}`, end);
        } else {
          const seen = readJsonUsage(reader, text);
          run.setObservation(() => seen);
          finish(seen.errorMessage ? 'upstream_error' : 'ok', status, null, end);
        }
      } else {
        finish('ok', status, null, end);
      }
      resolve({ done: true });
    });
    body.on('error', (error: Error) => {
      const message = `upstream connection failed mid-response: ${error.message}`;
      if (!headWritten && options.mayRetry && !run.isSettled()) {
        resolve({ done: false, message });
        return;
      }
      resolve({ done: true });
      if (res.destroyed || res.writableEnded) return; // the client left first; its close handler recorded it
      if (!headWritten) {
        // Nothing reached the client yet: a plain error response in its dialect.
        finish('upstream_error', 502, message, () => sendError(res, run.clientDialect, 502, message));
      } else if (isSse) {
        res.write(streamErrorEvent(entry.upstreamEndpoint as Endpoint, message));
        finish('upstream_error', status, message, end);
      } else {
        // A half-sent JSON body cannot be repaired; closing the socket makes the client report a network error.
        finish('upstream_error', status, message);
        res.destroy();
      }
    });
  });
}

export function readJsonUsage(reader: UsageReader | null, text: string): UsageObservation {
  if (!reader) return { usage: null, servedModel: null, errorMessage: null };
  try {
    return reader.fromJson(JSON.parse(text));
  } catch {
    return { usage: null, servedModel: null, errorMessage: 'upstream response was not valid JSON' };
  }
}
