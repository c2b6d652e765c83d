/**
 * Two in-process servers with separate databases but one Redis (REDIS_URL, same prefix):
 * the limits they enforce are the ones in Redis. (Store semantics: rate-limit-stores.test.ts;
 * real processes on one PostgreSQL: multi-instance.test.ts.)
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newPhone, registerUser, type TestApp } from '../helpers/app.js';
import { clearRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../helpers/redis.js';

const prefix = uniqueRedisPrefix('shared-limits');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  redis.disconnect();
  await clearRedisPrefix(prefix);
});

describe('with REDIS_URL, limits hold across servers sharing Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, LOGIN_MAX_FAILURES: '2', CODE_IP_HOURLY_LIMIT: '3' };
    a = await buildTestApp({ env });
    b = await buildTestApp({ env });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('the send interval set on one server refuses a send on the other', async () => {
    const phone = newPhone();
    expect((await a.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: phone } })).body.code).toBe(0);
    expect((await b.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: phone } })).body.code).toBe(10010);
    const keys = await redis.keys(`${prefix}rl:code-interval:*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it('the per-IP hourly limit counts sends on both servers', async () => {
    const send = (t: TestApp) =>
      t.request({ method: 'POST', url: '/api/auth/send_code', remoteAddress: '10.9.8.7', payload: { account: newPhone() } });
    expect((await send(a)).body.code).toBe(0);
    expect((await send(b)).body.code).toBe(0);
    expect((await send(a)).body.code).toBe(0);
    expect((await send(b)).body.code).toBe(10010);
    expect((await send(a)).body.code).toBe(10010);
  });

  it('login failures counted on one server lock the account on the other', async () => {
    const u = await registerUser(a);
    for (let i = 0; i < 2; i++)
      await a.request({ method: 'POST', url: '/api/auth/access_token', payload: { account: u.phone, password: 'wrong-wrong' } });
    // b has its own database here, so the account is unknown there; the lock is checked first.
    const res = await b.request({ method: 'POST', url: '/api/auth/access_token', payload: { account: u.phone, password: u.password } });
    expect(res.body.code).toBe(10015);
  });
});
