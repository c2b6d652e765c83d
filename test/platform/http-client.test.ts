/**
 * platform/http-client.ts against real HTTP servers on 127.0.0.1: what an answer carries, and
 * every way of getting none (refused, stalled, cut off, too large, refused headers) ending
 * as an HttpRequestError with Node's code, never as a throw out of the call or a hang.
 * HTTPS is exercised by the FCM tests (the token exchange goes to a TLS fake through it).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpRequestError, httpRequest } from '../../src/platform/http-client.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(p: Promise<unknown>): Promise<HttpRequestError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpRequestError);
  return err as HttpRequestError;
}

describe('httpRequest', () => {
  it('sends the method, headers and body, and answers status, lower-case headers and text', async () => {
    let seen: { method?: string; type?: string; length?: string; body: string } = { body: '' };
    const base = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { method: req.method, type: req.headers['content-type'], length: req.headers['content-length'], body };
        res.writeHead(429, { 'Retry-After': '7', 'content-type': 'application/json' });
        res.end('{"ok":"né"}');
      });
    });
    const answer = await httpRequest(`${base}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code":"1234é"}',
      timeoutMs: 5000,
    });
    expect(seen).toEqual({
      method: 'POST',
      type: 'application/json',
      length: String(Buffer.byteLength('{"code":"1234é"}')),
      body: '{"code":"1234é"}',
    });
    expect(answer.status).toBe(429);
    expect(answer.ok).toBe(false);
    expect(answer.headers['retry-after']).toBe('7');
    expect(answer.text).toBe('{"ok":"né"}');
  });

  it('a 2xx answer is ok', async () => {
    const base = await serve((_req, res) => res.writeHead(204).end());
    const answer = await httpRequest(base, { timeoutMs: 5000 });
    expect(answer).toMatchObject({ status: 204, ok: true, text: '' });
  });

  it('a refused connection is ECONNREFUSED', async () => {
    const base = await serve(() => undefined);
    const port = new URL(base).port;
    await new Promise((r) => servers.pop()!.close(r));
    const err = await failure(httpRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 5000 }));
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('a server that stalls mid-answer is ETIMEDOUT at the deadline', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
    });
    const err = await failure(httpRequest(base, { timeoutMs: 200 }));
    expect(err.code).toBe('ETIMEDOUT');
  });

  it('an answer cut off before its end is ECONNRESET', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":', () => res.socket?.destroy());
    });
    const err = await failure(httpRequest(base, { timeoutMs: 5000 }));
    expect(err.code).toBe('ECONNRESET');
  });

  it('an answer over 1 MiB is refused as ETOOLARGE', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const base = await serve((_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 20; i++) res.write(chunk);
      res.end();
    });
    const err = await failure(httpRequest(base, { timeoutMs: 5000 }));
    expect(err.code).toBe('ETOOLARGE');
  });

  it('headers node:http refuses, and URLs that are not http(s), reject without throwing', async () => {
    const base = await serve((_req, res) => res.end());
    const badHeader = await failure(httpRequest(base, { headers: { authorization: 'Bearer a\nb' }, timeoutMs: 5000 }));
    expect(badHeader.code).toBe('ERR_INVALID_CHAR');
    expect((await failure(httpRequest('ftp://127.0.0.1/', { timeoutMs: 5000 }))).code).toBe('ERR_INVALID_URL');
    expect((await failure(httpRequest('not a url', { timeoutMs: 5000 }))).code).toBe('ERR_INVALID_URL');
  });
});
