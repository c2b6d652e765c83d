/** More concurrent requests than the connection pool holds: every one is answered. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { DB_POOL_MAX: '2', REQUEST_TIMEOUT_MS: '20000' } });
});
afterAll(() => t.close());

describe('overload', () => {
  it('answers 200 concurrent database-bound requests over a pool of 2', async () => {
    const u = await registerUser(t);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const requests = Array.from({ length: 200 }, (_, i) =>
      fetch(`${address}/api/feedback${i % 2 ? '' : '?page_size=5'}`, {
        method: i % 2 ? 'POST' : 'GET',
        headers: { ...auth(u.accessToken), 'content-type': 'application/json' },
        ...(i % 2 ? { body: JSON.stringify({ feedback_content: `load ${i}` }) } : {}),
      }).then(async (r) => ((await r.json()) as { code: number }).code),
    );
    const codes = await Promise.all(requests);
    expect(codes.filter((c) => c !== 0)).toEqual([]);
    const list = await t.request({ method: 'GET', url: '/api/feedback', headers: auth(u.accessToken) });
    expect(list.body.data.total).toBe(100);
  }, 60_000);

  it('has a request timeout configured', () => {
    expect(t.app.server.requestTimeout).toBe(20000);
  });
});
