import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Agent } from 'undici';
import type { FareboxConfig } from '../config/load-config';
import type { PriceBook } from '../economics/price-book';
import type { RequestLog } from '../store/request-log';
import type { PortInUseError as PortInUseErrorType } from '../core-types';
import { PortInUseError } from '../core-types';
import { errorBody } from './error-bodies';
import { handleProxyRequest } from './handle-request';
import { sendError } from './send-json';
import { allowedHostsFor } from './host-guard';
import { KeyPool } from './key-pool';
import type { ProxyContext, RoutingState } from './proxy-context';
import { Router } from '../routing/rule-match';
import type { BudgetLedger } from '../budgets/budget-ledger';
import type { PoolTracker } from '../capacity/pool-tracker';

export interface ProxyServerOptions {
  config: FareboxConfig;
  priceBook: PriceBook;
  log: RequestLog;
  host: string;
  port: number;
  /** The rules in force (default: none); the core swaps its router when they are edited. */
  routing?: RoutingState;
  budgets?: BudgetLedger | null;
  pools?: PoolTracker | null;
  observeResponse?: ProxyContext['observeResponse'];
  /** The dashboard and HTTP admin API under /_farebox/ (headless serve). */
  admin?: ProxyContext['admin'];
  diagnostic?: (line: string) => void;
}

export interface RunningProxy {
  host: string;
  port: number;
  url: string;
  /** Requests being served right now. */
  inFlightCount(): number;
  /** Stops accepting, interrupts what is still in flight (recorded as interrupted), closes connections. */
  close(): Promise<void>;
  /** Budgets edited at runtime apply to the next request. */
  setBudgets(ledger: BudgetLedger | null): void;
  /** The upstream connection pool (also used for provider connection tests). */
  agent: Agent;
}

export function startProxyServer(options: ProxyServerOptions): Promise<RunningProxy> {
  const diagnostic = options.diagnostic ?? (() => {});
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });
  const ctx: ProxyContext = {
    config: options.config,
    priceBook: options.priceBook,
    log: options.log,
    agent,
    secrets: options.config.providers.flatMap((p) => p.apiKeys),
    allowedHosts: new Set(),
    inFlight: new Set(),
    routing: options.routing ?? { router: new Router({ aliases: {}, rules: [] }), problems: [] },
    budgets: options.budgets ?? null,
    pools: options.pools ?? null,
    observeResponse: options.observeResponse,
    admin: options.admin,
    providersById: new Map(options.config.providers.map((p) => [p.id, p])),
    keyPools: new Map(
      options.config.providers.filter((p) => p.apiKeys.length > 0).map((p) => [p.id, new KeyPool(p)]),
    ),
    diagnostic,
  };
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
    handleProxyRequest(ctx, req, res).catch((error: Error) => {
      diagnostic(`proxy error on ${req.method} ${req.url}: ${error.message}`);
      sendError(res, 'openai', 500, 'internal proxy error');
    });
  });
  server.on('upgrade', refuseWebSocket);
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });

  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      void agent.close();
      reject(
        error.code === 'EADDRINUSE'
          ? (new PortInUseError(options.host, options.port) as PortInUseErrorType)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      ctx.allowedHosts = allowedHostsFor(options.host, port);
      const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        host: options.host,
        port,
        url: `http://${hostForUrl}:${port}`,
        inFlightCount: () => ctx.inFlight.size,
        setBudgets: (ledger) => {
          ctx.budgets = ledger;
        },
        agent,
        close: () => closeServer(server, ctx),
      });
    });
  });
}

/**
 * Codex may try a WebSocket upgrade on /v1/responses first. Farebox answers over HTTP+SSE only, so it refuses
 * the upgrade at once with a normal HTTP error; Codex then falls back to a POST.
 */
function refuseWebSocket(req: IncomingMessage, socket: Duplex) {
  const body = errorBody(
    'openai',
    426,
    `WebSocket transport is not supported on ${req.url?.split('?')[0] ?? '/'}; use HTTP (Codex: supports_websockets = false)`,
  );
  socket.end(
    `HTTP/1.1 426 Upgrade Required\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

async function closeServer(server: Server, ctx: ProxyContext): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const request of [...ctx.inFlight]) request.interrupt();
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 1000).unref();
  await closed;
  await ctx.agent.close().catch(() => ctx.agent.destroy());
}
