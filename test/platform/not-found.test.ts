/**
 * Unknown paths: the API prefixes stay JSON 10002 even once a plugin claims `/admin` for the
 * web console's single-page app with a not-found handler of its own.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/platform/error-handler.js';
import { registerNotFound } from '../../src/platform/not-found.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const NO_ROUTE = { code: 10002, message: 'The requested path does not exist', data: {} };
const API_PATHS = ['/api/x', '/api', '/api/faq/1/x', '/admin/api/x', '/admin/api', '/admin/api/faq/x/y'];

describe('the real app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('answers unknown API paths and methods with JSON 10002', async () => {
    // GET under /admin belongs to the console (test/console/serving.test.ts); other methods there do not.
    for (const url of [...API_PATHS, '/admin', '/admin/x', '/x']) {
      for (const method of url.startsWith('/admin') && !url.startsWith('/admin/api')
        ? (['POST', 'DELETE'] as const)
        : (['GET', 'POST', 'DELETE'] as const)) {
        const res = await t.request({ method, url });
        expect(res.status, `${method} ${url}`).toBe(404);
        expect(res.headers['content-type'], url).toMatch(/^application\/json/);
        expect(res.body, `${method} ${url}`).toEqual(NO_ROUTE);
      }
    }
  });

  it('localises the message and keeps the request context under a prefix', async () => {
    const res = await t.request({ method: 'GET', url: '/admin/api/nope', headers: { 'accept-language': 'zh-CN' } });
    expect(res.body).toEqual({ code: 10002, message: '访问的路径不存在', data: {} });
    expect((await t.request({ method: 'GET', url: '/api/nope', headers: { 'x-app-id': 'ghost' } })).body.code).toBe(10005);
  });
});

describe('a single-page app claiming /admin', () => {
  const app: FastifyInstance = Fastify();
  beforeAll(async () => {
    registerErrorHandling(app, false);
    await registerNotFound(app, false);
    app.get('/admin/api/me', () => ({ code: 0, message: 'success', data: {} }));
    await app.register(
      async (spa) => {
        spa.setNotFoundHandler((_req, reply) => reply.type('text/html').send('<!doctype html><title>console</title>'));
      },
      { prefix: '/admin' },
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves its page for /admin and its client-side routes', async () => {
    for (const url of ['/admin', '/admin/', '/admin/users/7', '/admin/apiary']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
    }
  });

  it('leaves /admin/api/* and /api/* JSON 10002, and real routes alone', async () => {
    for (const url of [...API_PATHS, '/x']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual(NO_ROUTE);
    }
    expect((await app.inject({ method: 'GET', url: '/admin/api/me' })).json()).toMatchObject({ code: 0 });
  });
});
