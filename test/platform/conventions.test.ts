import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('envelope and error codes', () => {
  it('answers unknown routes and methods with 10002/404', async () => {
    for (const [method, url] of [
      ['GET', '/api/nope'],
      ['PATCH', '/api/personal/info'],
      ['POST', '/api/faq'],
    ] as const) {
      const res = await t.request({ method, url });
      expect(res.status, url).toBe(404);
      expect(res.body, url).toEqual({ code: 10002, message: 'The requested path does not exist', data: {} });
    }
  });

  it('answers malformed JSON with 10005/400', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/auth/send_code',
      headers: { 'content-type': 'application/json' },
      payload: '{"account":',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
  });

  it('takes an empty JSON body as no body: a route that needs one answers 10005/400', async () => {
    for (const payload of ['', '{"__proto__":{"x":1}}']) {
      const res = await t.request({ method: 'POST', url: '/api/auth/send_code', headers: { 'content-type': 'application/json' }, payload });
      expect(res.status, payload).toBe(400);
      expect(res.body.code, payload).toBe(10005);
    }
  });

  it('answers bodies over 64 KiB with 10005/413', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/auth/send_code',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ account: 'x'.repeat(70000) }),
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe(10005);
  });

  it('lists the invalid fields in data.fields', async () => {
    const res = await t.request({ method: 'POST', url: '/api/auth/send_code', payload: {} });
    expect(res.body.data.fields).toEqual([{ field: 'account', reason: 'is required' }]);
  });

  it('refuses an unknown X-App-Id with 10005', async () => {
    const res = await t.request({ method: 'GET', url: '/api/faq', headers: { 'x-app-id': 'ghost' } });
    expect(res.body.code).toBe(10005);
  });

  it('localises messages by Accept-Language; the code stays the same', async () => {
    const zh = await t.request({ method: 'GET', url: '/api/nope', headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(zh.body).toEqual({ code: 10002, message: '访问的路径不存在', data: {} });
    const en = await t.request({ method: 'GET', url: '/api/nope', headers: { 'accept-language': 'en-US' } });
    expect(en.body.message).toBe('The requested path does not exist');
  });

  it('with LEGACY_HTTP_200 answers errors with HTTP 200 and the same envelope', async () => {
    const legacy = await buildTestApp({ env: { LEGACY_HTTP_200: 'true' } });
    try {
      const res = await legacy.request({ method: 'GET', url: '/api/personal/info' });
      expect(res.status).toBe(200);
      expect(res.body.code).toBe(10004);
    } finally {
      await legacy.close();
    }
  });

  it('answers an internal failure with 10000 and no internals', async () => {
    const broken = await buildTestApp();
    const u = await registerUser(broken);
    await broken.container.database.db.schema.dropTable('faqs').execute();
    const res = await broken.request({ method: 'GET', url: '/api/faq', headers: auth(u.accessToken) });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ code: 10000, message: 'Internal error, please try again later', data: {} });
    await broken.close();
  });
});

describe('OpenAPI', () => {
  it('serves /openapi.json with every route and /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/auth/send_code',
      '/api/personal/info',
      '/api/push/bind',
      '/api/faq',
      '/api/message/count',
      '/admin/api/push',
      '/api/auth/reset_password',
      '/api/auth/code_login',
      '/api/auth/sessions',
      '/api/auth/sessions/{id}',
      '/api/personal/password',
      '/api/personal/account',
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/html/);
  });
});

describe('request log', () => {
  it('writes one structured line per request, without secrets', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    const logged = await buildTestApp({ overrides: { logger: pino({ level: 'info' }, sink) } });
    try {
      const u = await registerUser(logged, undefined, 'secret-password-1');
      lines.length = 0;
      await logged.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) });
      await logged.request({ method: 'POST', url: '/api/auth/access_token', payload: { account: u.phone, password: 'secret-password-1' } });
      const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
      expect(requests).toHaveLength(2);
      expect(requests[0]).toMatchObject({ method: 'GET', route: '/api/personal/info', status: 200, code: 0 });
      expect(requests[0].reqId).toBeDefined();
      const all = lines.join('\n');
      expect(all).not.toContain(u.accessToken);
      expect(all).not.toContain('secret-password-1');
    } finally {
      await logged.close();
    }
  });

  it("ties a request's own log lines to its request line by reqId", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    const logged = await buildTestApp({ overrides: { logger: pino({ level: 'debug' }, sink) } });
    try {
      lines.length = 0;
      // Refused requests write a debug line through the request's logger, then the request line.
      for (let i = 0; i < 2; i++) await logged.request({ method: 'GET', url: '/api/personal/info', headers: auth('no-such-token') });
      const parsed = lines.map((l) => JSON.parse(l) as { msg: string; reqId?: string; code?: number });
      const requests = parsed.filter((l) => l.msg === 'request');
      const refused = parsed.filter((l) => l.msg === 'request refused');
      expect(requests.map((l) => l.code)).toEqual([10004, 10004]);
      expect(refused).toHaveLength(2);
      expect(refused.map((l) => l.reqId)).toEqual(requests.map((l) => l.reqId));
      expect(new Set(requests.map((l) => l.reqId)).size).toBe(2);
    } finally {
      await logged.close();
    }
  });
});
