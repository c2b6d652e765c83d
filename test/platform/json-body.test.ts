/** JSON bodies are bounded in depth on every route, before anything walks them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../src/platform/json-body.js';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let tokens: string[];
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

beforeAll(async () => {
  t = await buildTestApp();
  tokens = [await adminToken(t), (await registerUser(t)).accessToken];
});
afterAll(() => t.close());

describe('nestedDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(nestedDeeperThan(deep(3), 3)).toBe(false);
    expect(nestedDeeperThan(deep(4), 3)).toBe(true);
    expect(nestedDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false);
    expect(nestedDeeperThan(`{"a":"${'['.repeat(50)}\\"{{{"}`, 3)).toBe(false);
  });
});

describe('JSON request bodies', () => {
  it('answers a 15,000-level body with 10005 (HTTP 400) on a route that ignores unknown fields', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/auth/send_code',
      headers: { 'content-type': 'application/json' },
      payload: `{"account":"13800000000","extra":${deep(15000)}}`,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
    expect(t.sms.sent).toHaveLength(1);
  });

  it(`still takes ${MAX_JSON_DEPTH} levels, and still refuses prototype poisoning`, async () => {
    const ok = await t.request({
      method: 'POST',
      url: '/api/auth/check_code',
      headers: { 'content-type': 'application/json' },
      payload: `{"account":"13800000001","code":"123456","extra":${deep(MAX_JSON_DEPTH - 1)}}`,
    });
    expect(ok.body.code).toBe(10008);
    const poisoned = await t.request({
      method: 'POST',
      url: '/api/auth/check_code',
      headers: { 'content-type': 'application/json' },
      payload: '{"account":"13800000001","code":"123456","__proto__":{"x":1}}',
    });
    expect(poisoned.body.code).toBe(10005);
  });

  it('never answers 500 to a deep body, on any route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops).filter((m) => m !== 'get')) {
        for (const token of tokens) {
          const res = await t.app.inject({
            method: method.toUpperCase() as 'POST',
            url: path.replace(/\{[^}]+\}/g, '1'),
            headers: { ...auth(token), 'content-type': 'application/json' },
            payload: `{"push_config":{"getui":{"x":${deep(15000)}}},"extras":{"x":${deep(100)}}}`,
          });
          expect(res.statusCode, `${method} ${path}`).toBeLessThan(500);
        }
      }
    }
  });
});
