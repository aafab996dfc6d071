import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Behavior } from './behavior';

/** One stream event; `data` is already serialised so `malformed` can corrupt it. */
export interface Frame {
  event?: string;
  data: string;
}

/** `sse-crlf` is Gemini's framing; `json-array` is Gemini's stream without `alt=sse`. */
export type FrameStyle = 'sse' | 'sse-crlf' | 'json-array';

export interface JsonReply {
  kind: 'json';
  status: number;
  headers: OutgoingHttpHeaders;
  body: string;
}

export interface StreamReply {
  kind: 'stream';
  status: number;
  headers: OutgoingHttpHeaders;
  style: FrameStyle;
  frames: Frame[];
  /** The dialect's in-stream error, built once we know how many events preceded it. */
  errorFrames: (sent: number) => Frame[];
}

export type Reply = JsonReply | StreamReply;

export function jsonReply(headers: OutgoingHttpHeaders, value: unknown, status = 200): JsonReply {
  return { kind: 'json', status, headers, body: JSON.stringify(value) };
}

export function event(name: string, value: unknown): Frame {
  return { event: name, data: JSON.stringify(value) };
}

export function data(value: unknown): Frame {
  return { data: JSON.stringify(value) };
}

/** Parks streams held by `hold:N` until the test calls release(). */
export class HoldGate {
  private waiting = new Set<() => void>();

  wait(res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.waiting.delete(done);
        res.off('close', done);
        resolve();
      };
      this.waiting.add(done);
      res.once('close', done);
    });
  }

  releaseAll(): void {
    for (const done of [...this.waiting]) done();
  }
}

function invalid(text: string): string {
  // A proper prefix of a JSON object is never valid JSON, and stays on one line.
  return text.slice(0, Math.ceil(text.length / 2));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function gone(res: ServerResponse): boolean {
  return res.destroyed || res.socket === null || res.socket.destroyed;
}

/** Destroys the socket once the bytes already written have reached it, so the client sees them first. */
function cutConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  if (!res.headersSent) res.flushHeaders();
  socket.write('', () => socket.destroy());
}

export async function sendJson(res: ServerResponse, reply: JsonReply, b: Readonly<Behavior>, gate: HoldGate) {
  const body = b.malformed !== null ? invalid(reply.body) : reply.body;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(body) });
  if (b.cut !== null) {
    res.write(body.slice(0, Math.floor(body.length / 2)));
    cutConnection(res);
    return;
  }
  if (b.hold !== null) {
    res.flushHeaders();
    await gate.wait(res);
    if (gone(res)) return;
  }
  res.end(body);
}

class FrameWriter {
  private written = 0;

  constructor(
    private readonly res: ServerResponse,
    private readonly style: FrameStyle,
  ) {}

  write(frame: Frame, corrupt = false): void {
    const payload = corrupt ? invalid(frame.data) : frame.data;
    this.res.write(this.encode(frame.event, payload));
    this.written += 1;
  }

  end(): void {
    if (this.style !== 'json-array') this.res.end();
    else this.res.end(this.written === 0 ? '[]' : ']');
  }

  private encode(name: string | undefined, payload: string): string {
    if (this.style === 'sse-crlf') return `data: ${payload}\r\n\r\n`;
    if (this.style === 'json-array') return `${this.written === 0 ? '[' : '\r\n,'}${payload}`;
    return name === undefined ? `data: ${payload}\n\n` : `event: ${name}\ndata: ${payload}\n\n`;
  }
}

function needsEarlyHeaders(b: Readonly<Behavior>): boolean {
  return b.hold !== null || b.interval > 0 || b.cut === 0 || b.streamError === 0;
}

function at(count: number | null, length: number): number {
  return count === null ? -1 : Math.min(count, length);
}

export async function sendStream(
  res: ServerResponse,
  reply: StreamReply,
  b: Readonly<Behavior>,
  gate: HoldGate,
) {
  res.writeHead(reply.status, reply.headers);
  // Without this the headers would leave with the first event, hiding `hold`/`interval` timing.
  if (needsEarlyHeaders(b)) res.flushHeaders();
  const writer = new FrameWriter(res, reply.style);
  const { frames } = reply;
  const cutAt = at(b.cut, frames.length);
  const errorAt = at(b.streamError, frames.length);
  const holdAt = at(b.hold, frames.length);
  for (let i = 0; i <= frames.length; i++) {
    if (i === holdAt) await gate.wait(res);
    if (b.interval > 0 && i > 0 && i < frames.length) await sleep(b.interval);
    if (gone(res)) return;
    if (i === cutAt) return cutConnection(res);
    if (i === errorAt) {
      for (const frame of reply.errorFrames(i)) writer.write(frame);
      return writer.end();
    }
    const frame = frames[i];
    if (frame === undefined) break;
    writer.write(frame, b.malformed === i + 1);
  }
  writer.end();
}
