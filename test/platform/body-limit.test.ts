/**
 * The app-wide 64 KiB JSON limit, and a route that declares a larger bodyLimit (uploads):
 * both refuse an oversize body with the envelope, 10005 and HTTP 413.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/app.js';
import { registerJsonBody } from '../../src/platform/json-body.js';
import { registerErrorHandling } from '../../src/platform/error-handler.js';

const MiB = 1024 * 1024;
const app = Fastify({ bodyLimit: BODY_LIMIT });

beforeAll(async () => {
  registerJsonBody(app);
  registerErrorHandling(app, false);
  const echo = (req: { body: unknown }) => ({ code: 0, message: 'success', data: { size: (JSON.stringify(req.body) ?? '').length } });
  app.post('/default', echo);
  app.post('/upload', { bodyLimit: 4 * MiB }, echo);
  await app.ready();
});
afterAll(() => app.close());

const body = (bytes: number) => JSON.stringify({ blob: 'x'.repeat(bytes) });
const post = (url: string, payload: string) =>
  app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });

describe('body limits', () => {
  it('keeps 64 KiB for routes that declare nothing', async () => {
    expect((await post('/default', body(60 * 1024))).statusCode).toBe(200);
    const res = await post('/default', body(100 * 1024));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      code: 10005,
      message: 'Invalid request field',
      data: { fields: [{ field: 'body', reason: 'larger than 64 KiB' }] },
    });
  });

  it('lets a route declare a larger limit, refused with the same envelope above it', async () => {
    const ok = await post('/upload', body(3 * MiB));
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ data: { size: number } }>().data.size).toBeGreaterThan(3 * MiB);
    const res = await post('/upload', body(5 * MiB));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 10005, data: { fields: [{ field: 'body', reason: 'larger than 4 MiB' }] } });
  });

  it('takes an empty JSON body as none under either limit', async () => {
    for (const url of ['/default', '/upload']) {
      const res = await post(url, '');
      expect(res.statusCode, url).toBe(200);
    }
  });
});
