/**
 * Write coalescing (src/platform/write-coalescing.ts), over real sockets: answers ended in
 * one turn of the event loop reach their sockets after it, together and in order; to the
 * code that ended them (Fastify's lifecycle) they are ended at once; and the app, built with
 * it, answers a burst of mixed requests each with its own answer.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CoalescedResponse } from '../../src/platform/write-coalescing.js';
import { auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

/** One request on a connection of its own; answers status and body. */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('CoalescedResponse', () => {
  it('writes the answers ended in one turn after that turn, in the order they were ended', async () => {
    const waiting: CoalescedResponse[] = [];
    const seen: { endedBeforeWrite: boolean[]; writtenInTurn: number[]; finished: string[] } = {
      endedBeforeWrite: [],
      writtenInTurn: [],
      finished: [],
    };
    const server = createServer({ ServerResponse: CoalescedResponse }, (req, res) => {
      waiting.push(res);
      if (waiting.length < 3) return;
      // All three end in one synchronous stretch: none may reach its socket during it.
      const before = waiting.map((r) => r.socket!.bytesWritten);
      for (const r of waiting) {
        const name = r.req.url!.slice(1);
        r.on('finish', () => seen.finished.push(name));
        r.end(`answer ${name}`);
        seen.endedBeforeWrite.push(r.writableEnded && !r.writableFinished);
      }
      seen.writtenInTurn = waiting.map((r, i) => r.socket!.bytesWritten - before[i]!);
    });
    const port = await listen(server);
    try {
      const answers = await Promise.all(['a', 'b', 'c'].map((n) => get(port, `/${n}`)));
      expect(answers).toEqual([
        { status: 200, body: 'answer a' },
        { status: 200, body: 'answer b' },
        { status: 200, body: 'answer c' },
      ]);
      expect(seen.endedBeforeWrite).toEqual([true, true, true]);
      expect(seen.writtenInTurn).toEqual([0, 0, 0]);
      expect(seen.finished).toEqual(waiting.map((r) => r.req.url!.slice(1)));
    } finally {
      server.close();
    }
  });

  it("passes each of end's forms through, callbacks included", async () => {
    const called: string[] = [];
    const server = createServer({ ServerResponse: CoalescedResponse }, (req, res) => {
      res.setHeader('content-type', 'text/plain; charset=latin1');
      if (req.url === '/none') res.end(() => called.push('none'));
      else if (req.url === '/chunk') res.end('chunk', () => called.push('chunk'));
      else res.end('caf\u00e9', 'latin1', () => called.push('encoding'));
    });
    const port = await listen(server);
    try {
      expect(await get(port, '/none')).toEqual({ status: 200, body: '' });
      expect(await get(port, '/chunk')).toEqual({ status: 200, body: 'chunk' });
      const latin1 = await new Promise<Buffer>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path: '/encoding', agent: false }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve(Buffer.concat(parts)));
        })
          .on('error', reject)
          .end();
      });
      expect([...latin1]).toEqual([0x63, 0x61, 0x66, 0xe9]);
      expect(called.sort()).toEqual(['chunk', 'encoding', 'none']);
    } finally {
      server.close();
    }
  });

  it("ends Fastify's lifecycle where the answer was given: a hook's answer skips the handler, an async handler's reply.send answers once", async () => {
    const app = Fastify({ http: { ServerResponse: CoalescedResponse } });
    let handlerRan = 0;
    app.addHook('onRequest', (req, reply, done) => {
      if (req.url === '/refused') {
        void reply.code(403).send({ refused: true });
        done();
        return;
      }
      done();
    });
    app.get('/refused', () => {
      handlerRan += 1;
      return { handled: true };
    });
    app.get('/sends', async (_req, reply) => {
      await new Promise((r) => setImmediate(r));
      void reply.send({ sent: 'once' });
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const port = Number(new URL(address).port);
    try {
      const [refused, sends] = await Promise.all([get(port, '/refused'), get(port, '/sends')]);
      expect(refused).toEqual({ status: 403, body: '{"refused":true}' });
      expect(sends).toEqual({ status: 200, body: '{"sent":"once"}' });
      expect(handlerRan).toBe(0);
      // The server still answers: nothing was written twice or thrown.
      expect((await get(port, '/sends')).body).toBe('{"sent":"once"}');
    } finally {
      await app.close();
    }
  });
});

describe('the app with coalesced writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('answers a burst of mixed requests each with its own answer', async () => {
    const users = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const written = vi.spyOn(CoalescedResponse.prototype, 'endNow');
    const kinds = ['info', 'faq', 'missing', 'unauthenticated'] as const;
    const burst = Array.from({ length: 80 }, (_, i) => {
      const kind = kinds[i % kinds.length]!;
      const user = users[i % users.length]!;
      const path =
        kind === 'info'
          ? '/api/personal/info'
          : kind === 'faq'
            ? '/api/faq?page_size=5'
            : kind === 'missing'
              ? '/api/nope'
              : '/api/personal/info';
      const headers = kind === 'info' ? auth(user.accessToken) : {};
      return fetch(address + path, { headers }).then(async (r) => ({ kind, user, status: r.status, body: await r.json() }));
    });
    for (const a of await Promise.all(burst)) {
      if (a.kind === 'info') {
        expect(a.body.code).toBe(0);
        expect(a.body.data.phone).toContain(a.user.phone.slice(-8));
      } else if (a.kind === 'faq') {
        expect(a.body).toMatchObject({ code: 0, data: { page_size: 5, data: [] } });
      } else if (a.kind === 'missing') {
        expect(a.status).toBe(404);
      } else {
        expect(a.status).toBe(401);
      }
    }
    // Every one of them went through the held write.
    expect(written).toHaveBeenCalledTimes(burst.length);
    written.mockRestore();
  }, 60_000);
});
