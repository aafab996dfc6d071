import { createServer, request, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/**
 * Records exactly what a CLI sends before it reaches the proxy, so a test can compare it with what the
 * upstream received. It sits between the CLI and the proxy and changes one thing: the Host header, which
 * names the tap's port and would otherwise be refused by the proxy's DNS-rebinding guard. Everything else
 * (method, path and query, header names, values and order, body bytes) is passed on as received, and the
 * response is piped back chunk by chunk so streams stay streams.
 */
export interface TappedRequest {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** WebSocket (or other) upgrade attempts are recorded too, then forwarded raw. */
  upgrade: boolean;
  /** What the proxy answered, as the CLI received it; set once the response has ended. */
  response: TappedResponse | null;
}

export interface TappedResponse {
  status: number;
  rawHeaders: string[];
  body: Buffer;
}

export interface ClientTap {
  url: string;
  requests: TappedRequest[];
  close(): Promise<void>;
}

function withHost(rawHeaders: readonly string[], host: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    out.push(name, name.toLowerCase() === 'host' ? host : rawHeaders[i + 1]!);
  }
  return out;
}

export async function startClientTap(targetPort: number): Promise<ClientTap> {
  const requests: TappedRequest[] = [];
  const sockets = new Set<Socket>();
  const targetHost = `127.0.0.1:${targetPort}`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const record: TappedRequest = {
        method,
        url,
        rawHeaders: [...req.rawHeaders],
        headers: req.headers,
        body,
        upgrade: false,
        response: null,
      };
      requests.push(record);
      const upstream = request({
        host: '127.0.0.1',
        port: targetPort,
        method,
        path: url,
        // An array keeps names, order and duplicates as the client sent them.
        headers: withHost(req.rawHeaders, targetHost),
        agent: false,
      });
      upstream.on('response', (answer) => {
        const status = answer.statusCode ?? 502;
        const received: Buffer[] = [];
        res.writeHead(status, answer.rawHeaders);
        answer.on('data', (chunk: Buffer) => received.push(chunk));
        answer.on('end', () => {
          record.response = { status, rawHeaders: [...answer.rawHeaders], body: Buffer.concat(received) };
        });
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(body);
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    requests.push({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      rawHeaders: [...req.rawHeaders],
      headers: req.headers,
      body: Buffer.alloc(0),
      upgrade: true,
      response: null,
    });
    const target = connect(targetPort, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      const raw = withHost(req.rawHeaders, targetHost);
      for (let i = 0; i + 1 < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
      target.write(`${lines.join('\r\n')}\r\n\r\n`);
      target.write(head);
      socket.pipe(target).pipe(socket);
    });
    sockets.add(target);
    target.once('close', () => sockets.delete(target));
    target.on('error', () => socket.destroy());
    socket.on('error', () => target.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
