import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { clearRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { EVENT_MS, until } from '../helpers/wait.js';

describe('GET /healthz and GET /readyz', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('answer the envelope with a status when the process and the database are up', async () => {
    expect(await t.request({ method: 'GET', url: '/healthz' })).toMatchObject({
      status: 200,
      body: { code: 0, message: 'success', data: { status: 'ok' } },
    });
    expect(await t.request({ method: 'GET', url: '/readyz' })).toMatchObject({
      status: 200,
      body: { code: 0, message: 'success', data: { status: 'ready' } },
    });
  });

  it('/readyz answers 503 with code 10000 when the database is gone; /healthz still answers', async () => {
    const down = await buildTestApp();
    await down.container.database.close();
    const res = await down.request({ method: 'GET', url: '/readyz' });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ code: 10000, message: expect.any(String), data: {} });
    expect((await down.request({ method: 'GET', url: '/healthz' })).body.code).toBe(0);
    await down.app.close();
    await down.database.drop();
  });
});

describe('GET /readyz with REDIS_URL', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  const prefix = uniqueRedisPrefix('readyz');

  beforeAll(async () => {
    const target = new URL(TEST_REDIS_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    t = await buildTestApp({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_PREFIX: prefix } });
  });
  afterAll(async () => {
    await proxy.restore();
    await t.close();
    await proxy.close();
    await clearRedisPrefix(prefix);
  });

  it('is ready while Redis answers, 503 at once when it is lost, and ready again when it is back', async () => {
    expect((await t.request({ method: 'GET', url: '/readyz' })).body.data).toEqual({ status: 'ready' });
    // Rate limits live in Redis now.
    expect((await t.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: '13700000001' } })).body.code).toBe(0);

    await proxy.cut();
    const started = Date.now();
    const down = await t.request({ method: 'GET', url: '/readyz' });
    expect(down.status).toBe(503);
    expect(down.body.code).toBe(10000);
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await t.request({ method: 'GET', url: '/healthz' })).body.code).toBe(0);
    // A request that needs Redis fails as an internal error, without hanging or leaking.
    const sentAt = Date.now();
    const refused = await t.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: '13700000002' } });
    expect(refused.body).toEqual({ code: 10000, message: expect.any(String), data: {} });
    expect(Date.now() - sentAt).toBeLessThan(1000);

    await proxy.restore();
    // The client reconnects with its backoff on real time: waited for, bounded generously.
    const ready = await until(async () => (await t.request({ method: 'GET', url: '/readyz' })).body.code === 0, EVENT_MS, 200);
    expect(ready).toBe(true);
    expect((await t.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: '13700000002' } })).body.code).toBe(0);
  }, 240_000);
});
