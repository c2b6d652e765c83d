import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../../src/platform/rate-limit/redis-rate-limit-store.js';
import { buildTestApp, newPhone, registerUser, type TestApp } from '../helpers/app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `appdesk-test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('RedisRateLimitStore', () => {
  it('reserves atomically across buckets, releases, counts a rolling window', async () => {
    const store = new RedisRateLimitStore(redis, prefix);
    const limits = [
      { bucket: 'a', limit: 2, windowMs: 1000 },
      { bucket: 'b', limit: 1, windowMs: 1000 },
    ];
    const first = await store.reserve(limits, 10_000);
    expect(first).not.toBeNull();
    expect(await store.reserve(limits, 10_001)).toBeNull();
    expect(await store.count('a', 1000, 10_001)).toBe(1);
    await store.release(first!);
    expect(await store.count('a', 1000, 10_002)).toBe(0);
    expect(await store.reserve(limits, 10_003)).not.toBeNull();
    expect(await store.reserve([{ bucket: 'b', limit: 1, windowMs: 1000 }], 11_003)).not.toBeNull();
    await store.add('c', 1000, 20_000);
    await store.add('c', 1000, 20_500);
    expect(await store.count('c', 1000, 21_100)).toBe(1);
    await store.clear('c');
    expect(await store.count('c', 1000, 21_100)).toBe(0);
  });
});

describe('with REDIS_URL, limits hold across servers sharing Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { REDIS_URL, REDIS_PREFIX: prefix, LOGIN_MAX_FAILURES: '2' };
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
    const keys = await redis.keys(`${prefix}rl:code:interval:*`);
    expect(keys.length).toBeGreaterThan(0);
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
