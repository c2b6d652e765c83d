/**
 * Every route of the OpenAPI document, fed random JSON bodies, query strings, path params
 * and headers: never HTTP 500, code 10000, a body that is not the envelope, or a hang.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let userToken: string;
let managerToken: string;
const routes: { method: string; path: string }[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  userToken = (await registerUser(t)).accessToken;
  managerToken = await adminToken(t);
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) routes.push({ method: method.toUpperCase(), path });
  }
});
afterAll(() => t.close());

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const fieldNames = fc.constantFrom(
  'account',
  'area',
  'code',
  'password',
  'refresh_token',
  'nickname',
  'avatar',
  'gender',
  'birthday',
  'address',
  'client_id',
  'client_type',
  'switch',
  'provider',
  'feedback_content',
  'feedback_category_id',
  'contact_phone',
  'ids',
  'title',
  'content',
  'sort',
  'is_published',
  'push_title',
  'push_body',
  'push_scope',
  'user_ids',
  'send_at',
  'username',
  'role',
  'app_ids',
  'app_id',
  'name',
  'push_config',
  'is_active',
  'reply_content',
  'feedback_status',
  'description',
);
const body = fc.oneof(fc.dictionary(fieldNames, jsonValue, { maxKeys: 6 }), jsonValue);
const queryValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer().map(String),
  fc.constantFrom('[1,2,3]', '', '2147483648', '1,99999999999'),
);
const query = fc.dictionary(
  fc.constantFrom('page_no', 'page_size', 'q', 'category', 'push_ids', 'ids', 'status', 'category_id', 'app_id', 'action', 'manager_id'),
  queryValue,
  { maxKeys: 4 },
);
const param = fc.oneof(
  fc.nat().map(String),
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.constant('_default'),
  fc.constant('99999999999999999999'),
);
const headers = fc.record(
  {
    authorization: fc.oneof(fc.constant('user'), fc.constant('manager'), fc.string({ maxLength: 60 }), fc.constant('Token ')),
    'x-app-id': fc.oneof(fc.constant(''), fc.string({ maxLength: 70 })),
    'accept-language': fc.oneof(fc.constant('zh-CN'), fc.constant('en'), fc.string({ maxLength: 20 })),
  },
  { requiredKeys: [] },
);

describe('fuzzing every route', () => {
  it('answers every random request with the envelope and never 500/10000', async () => {
    expect(routes.length).toBeGreaterThan(40);
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), body, query, param, headers, fc.boolean(), async (pick, b, q, p, h, rawText) => {
        const route = routes[pick % routes.length]!;
        const url = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(p));
        const auth =
          h.authorization === 'user' ? `Token ${userToken}` : h.authorization === 'manager' ? `Token ${managerToken}` : h.authorization;
        const hdrs: Record<string, string> = { 'content-type': 'application/json' };
        if (auth !== undefined) hdrs.authorization = auth;
        if (h['x-app-id']) hdrs['x-app-id'] = h['x-app-id'].replace(/[^\x20-\x7e]/g, '');
        if (h['accept-language']) hdrs['accept-language'] = h['accept-language'].replace(/[^\x20-\x7e]/g, '');
        const withBody = !['GET', 'HEAD'].includes(route.method);
        const res = await t.app.inject({
          method: route.method as 'GET',
          url,
          query: q,
          headers: hdrs,
          ...(withBody ? { payload: rawText ? JSON.stringify(b).slice(0, 50) : JSON.stringify(b) } : {}),
        });
        sent += 1;
        if (url.startsWith('/docs')) return;
        expect(res.statusCode, `${route.method} ${url} → ${res.body}`).not.toBe(500);
        const json = res.json<{ code: unknown; message: unknown; data: unknown }>();
        expect(typeof json.code).toBe('number');
        expect(typeof json.message).toBe('string');
        expect(typeof json.data).toBe('object');
        expect(json.code, `${route.method} ${url} ${JSON.stringify(b)}`).not.toBe(10000);
        expect(res.body).not.toMatch(/\bat .+\.(ts|js):\d+|argon2id\$|password_hash/);
      }),
      { numRuns: 1500 },
    );
    expect(sent).toBe(1500);
  }, 120_000);
});
