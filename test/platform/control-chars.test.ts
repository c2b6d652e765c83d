/**
 * Control characters are refused (10005, the field named) in path parameters, query
 * parameters and body fields of every route the app has, before any handler runs; on
 * PostgreSQL a NUL used to reach the database and fail as 10000.
 */
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findControlChar, hasControlChar } from '../../src/platform/control-chars.js';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let userToken: string;
let managerToken: string;
const routes: { method: string; url: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  t = await buildTestApp({
    onRoute: (r: RouteOptions) => {
      for (const method of [r.method].flat()) {
        if (method !== 'HEAD') routes.push({ method, url: r.url, auth: r.config?.auth });
      }
    },
  });
  userToken = (await registerUser(t)).accessToken;
  managerToken = await adminToken(t);
});
afterAll(() => t.close());

function headersFor(route: { auth: string | undefined }): Record<string, string> {
  if (route.auth === 'user') return auth(userToken);
  if (route.auth === 'manager') return auth(managerToken);
  return {};
}

/** The route's URL with every path parameter set to `value` (already URL-encoded). */
function fill(url: string, value: (name: string) => string): string {
  return url.replace(/:(\w+)|\*/g, (m: string, name: string | undefined) => value(name ?? m));
}

async function expectRefused(route: (typeof routes)[number], opts: { url: string; payload?: unknown }, field: string) {
  const res = await t.request({
    method: route.method,
    url: opts.url,
    headers: headersFor(route),
    payload: opts.payload as object,
  });
  const where = `${route.method} ${opts.url}`;
  expect(res.status, where).toBe(400);
  expect(res.body.code, where).toBe(10005);
  expect(res.body.data.fields, where).toEqual([{ field, reason: 'contains a control character' }]);
}

describe('control characters on every route', () => {
  it('found the routes', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.some((r) => r.url === '/api/auth/send_code')).toBe(true);
  });

  it('refuses a NUL in each path parameter', async () => {
    const withParams = routes.filter((r) => /:|\*/.test(r.url));
    expect(withParams.length).toBeGreaterThan(10);
    for (const route of withParams) {
      const names = [...route.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
      for (const name of names) {
        await expectRefused(route, { url: fill(route.url, (n) => (n === name ? 'a%00' : '1')) }, name);
      }
    }
  });

  it('refuses a NUL in a query parameter', async () => {
    for (const route of routes) {
      await expectRefused(route, { url: `${fill(route.url, () => '1')}?page_no=1&q=x%00y` }, 'q');
    }
  });

  it('refuses a NUL in a body field, however deep', async () => {
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const url = fill(route.url, () => '1');
      await expectRefused(route, { url, payload: { account: 'a\u0000b' } }, 'account');
      await expectRefused(route, { url, payload: { ids: [1], meta: [{ note: 'ok' }, { note: '\u0001' }] } }, 'meta.1.note');
    }
  });

  it('refuses the fields that used to answer 10000 on PostgreSQL, without a token', async () => {
    const cases: [string, string, object][] = [
      ['POST', '/api/auth/send_code', { account: '13800000000\u0000' }],
      ['POST', '/api/auth/check_code', { account: 'a\u0000@example.com', code: '123456' }],
      ['POST', '/api/auth/register', { account: '\u0000', code: '123456', password: 'password123' }],
      ['POST', '/api/auth/access_token', { account: '\u0000', password: 'password123' }],
      ['POST', '/admin/api/auth/login', { username: 'ad\u0000min', password: 'x' }],
    ];
    for (const [method, url, payload] of cases) {
      const res = await t.request({ method: method, url, payload });
      expect(res.body.code, url).toBe(10005);
      expect(res.body.data.fields[0].field, url).toMatch(/^(account|username)$/);
    }
    for (const query of ['q=%00', 'category=a%00']) {
      const res = await t.request({ method: 'GET', url: `/api/faq?${query}` });
      expect(res.status, query).toBe(400);
      expect(res.body.data.fields[0].field, query).toBe(query.split('=')[0]);
    }
  });

  it('still accepts tab, newline and carriage return', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/feedback',
      headers: auth(userToken),
      payload: { feedback_content: 'line one\r\n\tline two\n' },
    });
    expect(res.body.code).toBe(0);
    const faq = await t.request({ method: 'GET', url: '/api/faq?q=a%09b' });
    expect(faq.body.code).toBe(0);
  });
});

describe('findControlChar', () => {
  it('names the first offending path, keys included', () => {
    expect(findControlChar({ a: 'x\ty\n\r' }, '')).toBeNull();
    expect(findControlChar({ a: ['ok', { b: 'x\u007f' }] }, '')).toBe('a.1.b');
    expect(findControlChar({ a: '\u0085' }, '')).toBe('a');
    expect(findControlChar({ 'k\u0000': 1 }, '')).toBe('k\u0000');
    expect(findControlChar('\u001b[31m', '')).toBe('');
    expect(findControlChar([[[['\u0000']]]], '')).toBe('0.0.0.0');
  });

  it('walks a deeply nested value without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findControlChar(deep, 'body')).toMatch(/^body(\.0)+$/);
  });
});

describe('hasControlChar (the check every request pays)', () => {
  it('agrees with findControlChar on flat, nested, keyed and deep values', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const values: unknown[] = [
      undefined,
      null,
      42,
      '',
      'plain',
      'x\ty\n\r',
      '\u001b[31m',
      { a: 'x\ty\n\r', b: 1, c: null, d: true },
      { a: ['ok', { b: 'x\u007f' }] },
      { a: '\u0085' },
      { 'k\u0000': 1 },
      { ok: { deeper: [['fine', { k: 'bad\u0001' }]] } },
      { ok: { deeper: [['fine', { k: 'good' }]] } },
      [[[['\u0000']]]],
      ['a', ['b', ['c']]],
      Object.assign(Object.create(null) as object, { push_ids: ['1,2'] }),
      Object.assign(Object.create(null) as object, { q: 'a\u0002b' }),
      deep,
    ];
    for (const [i, v] of values.entries()) expect(hasControlChar(v), `value ${i}`).toBe(findControlChar(v, '') !== null);
  });

  it('agrees with findControlChar on random values', () => {
    const pieces = ['a', '7', ',', '\t', '\n', '\u0000', '\u001f', '\u007f', '\u0085', '\u00a0', '中', '😀'];
    let seed = 7;
    const rand = (n: number) => {
      // xorshift32: deterministic, so a failure repeats.
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const text = () => Array.from({ length: rand(4) }, () => pieces[rand(pieces.length)]).join('');
    const value = (depth: number): unknown => {
      const kind = depth > 3 ? 0 : rand(3);
      if (kind === 0) return text();
      if (kind === 1) return Array.from({ length: rand(3) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: rand(3) }, () => [text(), value(depth + 1)]));
    };
    let withControl = 0;
    for (let i = 0; i < 2000; i++) {
      const v = value(0);
      const found = findControlChar(v, '') !== null;
      if (found) withControl++;
      expect(hasControlChar(v)).toBe(found);
    }
    // Both outcomes were exercised.
    expect(withControl).toBeGreaterThan(200);
    expect(withControl).toBeLessThan(1800);
  });
});
