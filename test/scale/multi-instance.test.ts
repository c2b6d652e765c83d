import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/database.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { registerPhoneUser, startCodeCatcher, type CodeCatcher } from '../helpers/sms-codes.js';
import { clearRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../helpers/redis.js';
import { call, startServer, type ServerProcess } from '../helpers/server-process.js';
import { EVENT_MS, processTimeout, until } from '../helpers/wait.js';

const runs = testDialect === 'postgres';
if (!runs) console.log('[appdesk] multi-instance tests need PostgreSQL: skipped in the SQLite pass');

async function redisKeys(pattern: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    return (await redis.keys(pattern)).length;
  } finally {
    redis.disconnect();
  }
}

for (const withRedis of [false, true]) {
  describe.skipIf(!runs)(`two instances on one PostgreSQL${withRedis ? ' and one Redis' : ''}`, () => {
    let database: TestDatabase;
    let sms: CodeCatcher;
    let pushHook: Receiver;
    let a: ServerProcess;
    let b: ServerProcess;
    const redisPrefix = uniqueRedisPrefix('multi');

    beforeAll(async () => {
      database = await createTestDatabase();
      sms = await startCodeCatcher();
      pushHook = await startReceiver();
      const env = {
        DATABASE_URL: database.url,
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: sms.url,
        PUSH_PROVIDER: 'webhook',
        PUSH_WEBHOOK_URL: pushHook.url,
        LOGIN_MAX_FAILURES: '3',
        APPDESK_WORKER: 'true',
        ...(withRedis ? { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: redisPrefix } : {}),
      };
      // Started together on a fresh schema: migrations must apply once, under the lock.
      [a, b] = await Promise.all([startServer(env), startServer(env)]);
    }, processTimeout(1));

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await sms.close();
      await pushHook.close();
      await database.drop();
      if (withRedis) await clearRedisPrefix(redisPrefix);
    });

    it('applied each migration once', async () => {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      const { rows } = await c.query(`select name from ${database.schema}.kysely_migration`);
      await c.end();
      expect(rows.map((r: { name: string }) => r.name)).toEqual([...new Set(rows.map((r: { name: string }) => r.name))]);
      expect(rows.length).toBeGreaterThan(0);
    });

    it('holds the send interval across instances', async () => {
      const phone = '13811112222';
      expect((await call(a.url, 'POST', '/api/auth/send_code', { account: phone })).body.code).toBe(0);
      expect((await call(b.url, 'POST', '/api/auth/send_code', { account: phone })).body.code).toBe(10010);
      // The limit lives where this deployment keeps limits: Redis when set, else the database.
      expect(await redisKeys(`${redisPrefix}rl:code-interval:*`)).toBe(withRedis ? 1 : 0);
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      const { rows } = await c.query<{ n: string }>(
        `select count(*) as n from ${database.schema}.rate_events where bucket like 'code-interval:%'`,
      );
      await c.end();
      expect(Number(rows[0]!.n)).toBe(withRedis ? 0 : 1);
    });

    it('holds the login lockout across instances, and a token from one works on the other', { timeout: 300_000 }, async () => {
      const phone = '13811112222';
      const reg = await call(b.url, 'POST', '/api/auth/register', { account: phone, code: sms.codes.get(phone), password: 'password123' });
      expect(reg.body.code).toBe(0);
      expect(
        (await call(a.url, 'GET', '/api/personal/info', undefined, { authorization: `Token ${reg.body.data.access_token}` })).body.code,
      ).toBe(0);
      for (let i = 0; i < 3; i++) {
        const target = i % 2 === 0 ? a : b;
        expect((await call(target.url, 'POST', '/api/auth/access_token', { account: phone, password: 'wrong-pass' })).body.code).toBe(
          10007,
        );
      }
      expect((await call(a.url, 'POST', '/api/auth/access_token', { account: phone, password: 'password123' })).body.code).toBe(10015);
      expect((await call(b.url, 'POST', '/api/auth/access_token', { account: phone, password: 'password123' })).body.code).toBe(10015);
      // A logout on one instance ends the session on the other as soon as the invalidation
      // reaches it (SPEC: within 250 ms; polled with a generous bound for a busy machine).
      const token = reg.body.data.access_token as string;
      expect((await call(b.url, 'POST', '/api/auth/destroy_token', undefined, { authorization: `Token ${token}` })).body.code).toBe(0);
      await expect
        .poll(async () => (await call(a.url, 'GET', '/api/personal/info', undefined, { authorization: `Token ${token}` })).body.code, {
          timeout: 120_000,
          interval: 50,
        })
        .toBe(10004);
    });

    it('shows an FAQ written through one instance on the other without waiting for its cache to expire', async () => {
      const login = await call(a.url, 'POST', '/admin/api/auth/login', { username: 'admin', password: 'admin-password' });
      const admin = { authorization: `Token ${login.body.data.access_token as string}` };
      // B caches each page for 5 s (its TTL) if nothing tells it otherwise. A page B shows
      // with the new FAQ before 5 s have passed since B cached it can only come from the
      // bus. On a loaded machine the write alone may outlast that window; then the round
      // proves nothing either way and is run again, with a page B has not cached yet.
      const TTL_MS = 5000;
      let seenWithinTtl = false;
      for (let round = 1; round <= 5 && !seenWithinTtl; round++) {
        const title = `Across instances ${round}`;
        const page = `/api/faq?page_size=${20 + round}`;
        const titles = async (s: ServerProcess) =>
          ((await call(s.url, 'GET', page)).body.data.data as { title: string }[]).map((f) => f.title);
        const cachedFrom = Date.now();
        expect(await titles(b)).not.toContain(title);
        expect((await call(a.url, 'POST', '/admin/api/faq', { title, content: 'c' }, admin)).body.code).toBe(0);
        for (;;) {
          const asked = Date.now();
          if (asked - cachedFrom >= TTL_MS - 100) break;
          if ((await titles(b)).includes(title)) {
            seenWithinTtl = true;
            break;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      expect(seenWithinTtl).toBe(true);
    }, 120_000);

    it('delivers a push once, not twice, with both workers running', async () => {
      const phone = '13833334444';
      const user = (await registerPhoneUser(a.url, sms, phone)).headers;
      expect((await call(a.url, 'POST', '/api/push/bind', { client_id: 'multi-1', client_type: 'android' }, user)).body.code).toBe(0);
      const login = await call(b.url, 'POST', '/admin/api/auth/login', { username: 'admin', password: 'admin-password' });
      const admin = { authorization: `Token ${login.body.data.access_token}` };
      const created = await call(b.url, 'POST', '/admin/api/push', { push_title: 'once', push_body: 'b', push_scope: 0 }, admin);
      expect(created.body.code).toBe(0);
      const status = await until(
        async () => (await call(a.url, 'GET', `/admin/api/push/${created.body.data.id}`, undefined, admin)).body.data.push_status as number,
        EVENT_MS,
        200,
      );
      expect(status).toBe(1);
      await new Promise((r) => setTimeout(r, 1500));
      const deliveries = pushHook.requests.filter((r) => r.body.push_id === created.body.data.id);
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]!.body.client_ids).toEqual(['multi-1']);
      // With Redis the job went through BullMQ.
      expect((await redisKeys(`${redisPrefix}bull:push:*`)) > 0).toBe(withRedis);
    }, 150_000);
  });
}
