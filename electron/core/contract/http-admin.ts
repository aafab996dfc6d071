import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { EVENTS, isChannel, type EventName, type Events, type Handlers } from '../../../shared/contract';
import { invokeHandler } from './invoke';

export const ADMIN_PREFIX = '/_farebox/';
const API_PREFIX = `${ADMIN_PREFIX}api/`;
const EVENTS_PATH = `${ADMIN_PREFIX}events`;
const MAX_BODY = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The same policy as the desktop window: nothing but the page's own scripts, styles and API. */
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export interface AdminHttpOptions {
  handlers: Handlers;
  /** The per-launch token; the page gets it in its URL fragment, never from the server. */
  token: string;
  /** The built renderer (out/renderer); null when it was not built. */
  staticDir: string | null;
  subscribe<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/**
 * The HTTP admin adapter of the contract: `POST /_farebox/api/<channel>` with `{"args": [...]}` answers the
 * same ContractResult as IPC; `GET /_farebox/events?token=` streams the contract's events as SSE; everything
 * else under /_farebox/ is the built dashboard. Host and cross-site checks happen before this (host-guard).
 * Returns false for paths it does not own.
 */
export function createAdminHttp(options: AdminHttpOptions) {
  const expected = Buffer.from(options.token);
  const authorized = (candidate: string | null): boolean => {
    if (candidate === null) return false;
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return async function handleAdmin(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://farebox.invalid');
    if (!url.pathname.startsWith(ADMIN_PREFIX) && url.pathname !== '/_farebox') return false;
    if (url.pathname.startsWith(API_PREFIX)) {
      await serveApi(req, res, url.pathname.slice(API_PREFIX.length));
      return true;
    }
    if (url.pathname === EVENTS_PATH) {
      if (!authorized(url.searchParams.get('token'))) return refuse(res, 401, 'a valid token is required');
      serveEvents(req, res);
      return true;
    }
    serveStatic(req, res, url.pathname);
    return true;
  };

  async function serveApi(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return void refuse(res, 405, 'use POST');
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
    if (!authorized(bearer)) return void refuse(res, 401, 'a valid token is required');
    if (!isChannel(channel))
      return void reply(res, 404, {
        ok: false,
        error: { code: 'unknown_channel', message: `Unknown channel: ${channel}` },
      });
    const body = await readJson(req);
    if (body === undefined)
      return void reply(res, 400, {
        ok: false,
        error: { code: 'bad_request', message: 'expected {"args": [...]}' },
      });
    const args = (body as { args?: unknown } | null)?.args ?? [];
    if (!Array.isArray(args))
      return void reply(res, 400, {
        ok: false,
        error: { code: 'bad_request', message: 'args must be an array' },
      });
    reply(res, 200, await invokeHandler(options.handlers, channel, args));
  }

  function serveEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.write(': farebox events\n\n');
    const unsubscribes = EVENTS.map((event) =>
      options.subscribe(event, (payload) =>
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`),
      ),
    );
    // Proxies and browsers drop idle streams; a comment every 15 s keeps this one open.
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    req.on('close', () => {
      clearInterval(keepAlive);
      for (const unsubscribe of unsubscribes) unsubscribe();
    });
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return void refuse(res, 405, 'use GET');
    if (!options.staticDir) {
      return void refuse(
        res,
        404,
        'the dashboard is not built: run `npm run build`, then restart `farebox serve`',
      );
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.replace(/^\/_farebox\/?/, ''));
    } catch {
      return void refuse(res, 400, 'bad path');
    }
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const root = normalize(options.staticDir + sep);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile())
      return void refuse(res, 404, 'not found');
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'content-type': type,
      'content-length': String(statSync(file).size),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Built assets have content hashes in their names; the page itself must always be fresh.
      'cache-control': type.startsWith('text/html') ? 'no-store' : 'public, max-age=31536000, immutable',
    };
    if (type.startsWith('text/html')) {
      headers['content-security-policy'] = PAGE_CSP;
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, message: string): true {
  reply(res, status, {
    ok: false,
    error: { code: status === 401 ? 'unauthorized' : 'bad_request', message },
  });
  return true;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return resolve(undefined);
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', () => resolve(undefined));
  });
}
