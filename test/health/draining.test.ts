import type { ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { EVENT_MS, until } from '../helpers/wait.js';

/** Splits raw HTTP/1.1 responses (Content-Length framed) read from one socket. */
function parseResponses(raw: string): { status: number; headers: Record<string, string>; body: string }[] {
  const out = [];
  let rest = raw;
  for (let i = 0; i < 10 && rest.length > 0; i++) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) break;
    const [statusLine = '', ...lines] = rest.slice(0, headEnd).split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? 0);
    const body = rest.slice(headEnd + 4, headEnd + 4 + length);
    out.push({ status: Number(statusLine.split(' ')[1]), headers, body });
    rest = rest.slice(headEnd + 4 + length);
  }
  return out;
}

describe('requests arriving while the server shuts down', () => {
  let sms: Receiver;
  let t: TestApp;
  const held: ServerResponse[] = [];

  beforeAll(async () => {
    // The SMS provider holds its answer until the test lets go: the first request is in
    // flight while the server starts closing, however slow the machine.
    sms = await startReceiver((_req, res) => held.push(res));
    t = await buildTestApp({
      realProviders: true,
      env: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: sms.url, SMS_TIMEOUT_MS: String(EVENT_MS) },
    });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await t.container.close();
    await t.database.drop();
    await sms.close();
  });

  it('finish the one in flight, and answer a late one 503 with the envelope (10000) and Connection: close', async () => {
    const { port } = t.app.server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.on('data', (c: Buffer) => (raw += c.toString()));
    const body = JSON.stringify({ account: '13700001111' });
    socket.write(
      `POST /api/auth/send_code HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    // Waited for, not slept: the request is at the SMS provider, then the server has begun
    // closing (preClose ran: it stopped listening) before the late request is written.
    await until(() => held.length === 1, EVENT_MS, 10);
    expect(held).toHaveLength(1);
    const closing = t.app.close();
    await until(() => !t.app.server.listening, EVENT_MS, 10);
    socket.write('GET /readyz HTTP/1.1\r\nHost: t\r\n\r\n');
    held[0]!.writeHead(200).end('{}');
    await closing;
    await until(() => socket.closed, EVENT_MS, 10);
    socket.destroy();

    const [first, second] = parseResponses(raw);
    expect(first?.status).toBe(200);
    expect(JSON.parse(first!.body)).toMatchObject({ code: 0 });
    expect(second?.status).toBe(503);
    expect(second?.headers.connection).toBe('close');
    expect(JSON.parse(second!.body)).toEqual({ code: 10000, message: expect.any(String), data: {} });
  });
});
