/** A real HTTP receiver on 127.0.0.1 for provider webhooks: records every JSON body it gets. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export type Responder = (req: Received, res: ServerResponse) => void;

export interface Receiver {
  url: string;
  port: number;
  requests: Received[];
  respond(fn: Responder): void;
  close(): Promise<void>;
}

export async function startReceiver(initial?: Responder): Promise<Receiver> {
  const requests: Received[] = [];
  let responder: Responder =
    initial ??
    ((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the raw text
      }
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(received);
      responder(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    respond(fn) {
      responder = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
