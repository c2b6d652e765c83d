/**
 * API and delivery scale apart: an API process with APPDESK_WORKER=false queues pushes but
 * never delivers them; `npm run worker` (src/worker.ts) does, and stops cleanly on SIGTERM.
 * Once with the database as the queue, once with BullMQ in Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { registerPhoneUser, startCodeCatcher, type CodeCatcher } from '../helpers/sms-codes.js';
import { clearRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../helpers/redis.js';
import { call, startServer, type ServerProcess } from '../helpers/server-process.js';
import { EVENT_MS, PROCESS_START_MS, processTimeout, until } from '../helpers/wait.js';

for (const withRedis of [false, true]) {
  describe(`APPDESK_WORKER=false and npm run worker${withRedis ? ' (BullMQ)' : ''}`, () => {
    let database: TestDatabase;
    let hook: Receiver;
    let sms: CodeCatcher;
    let api: ServerProcess;
    let env: Record<string, string>;
    const redisPrefix = uniqueRedisPrefix('worker');

    beforeAll(async () => {
      database = await createTestDatabase();
      hook = await startReceiver();
      sms = await startCodeCatcher();
      env = {
        DATABASE_URL: database.url,
        PUSH_PROVIDER: 'webhook',
        PUSH_WEBHOOK_URL: hook.url,
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: sms.url,
        APPDESK_WORKER: 'false',
        ...(withRedis ? { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: redisPrefix } : {}),
      };
      api = await startServer(env);
    }, processTimeout(1));
    afterAll(async () => {
      await api?.stop();
      await hook.close();
      await sms.close();
      await database.drop();
      if (withRedis) await clearRedisPrefix(redisPrefix);
    });

    it('the API alone queues pushes; a separate worker process delivers them', async () => {
      const phone = '13866667777';
      const user = (await registerPhoneUser(api.url, sms, phone)).headers;
      expect((await call(api.url, 'POST', '/api/push/bind', { client_id: 'w-1', client_type: 'ios' }, user)).body.code).toBe(0);
      const login = await call(api.url, 'POST', '/admin/api/auth/login', { username: 'admin', password: 'admin-password' });
      const admin = { authorization: `Token ${login.body.data.access_token}` };
      const created = await call(api.url, 'POST', '/admin/api/push', { push_title: 't', push_body: 'b', push_scope: 0 }, admin);
      expect(created.body.code).toBe(0);
      const id = created.body.data.id as number;
      // Longer than the database queue's poll interval: an in-process worker would have sent it.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await call(api.url, 'GET', `/admin/api/push/${id}`, undefined, admin)).body.data.push_status).toBe(0);
      expect(hook.requests).toHaveLength(0);

      const worker = await startServer({ ...env, LOG_LEVEL: 'info' }, 'src/worker.ts');
      try {
        await until(() => worker.output().includes('push worker started') || worker.proc.exitCode !== null, PROCESS_START_MS, 100);
        expect(worker.output()).toContain('push worker started');
        const status = await until(
          async () => (await call(api.url, 'GET', `/admin/api/push/${id}`, undefined, admin)).body.data.push_status as number,
          EVENT_MS,
          200,
        );
        expect(status).toBe(1);
        expect(hook.requests.map((r) => r.body.client_ids)).toEqual([['w-1']]);
        // A worker has no socket holding it open: it must stay up on its own until told to stop.
        await new Promise((r) => setTimeout(r, 1500));
        expect(worker.proc.exitCode, worker.output()).toBeNull();
        expect(worker.proc.signalCode).toBeNull();
      } finally {
        const code = await worker.stop('SIGTERM');
        expect(worker.output()).toContain('push worker stopping');
        expect(code, worker.output()).toBe(0);
      }
    }, 360_000);
  });
}
