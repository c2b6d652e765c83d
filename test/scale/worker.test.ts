import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { call, startServer, type ServerProcess } from '../helpers/server-process.js';

describe('APPDESK_WORKER=false and npm run worker', () => {
  let database: TestDatabase;
  let hook: Receiver;
  let api: ServerProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    hook = await startReceiver();
    env = { DATABASE_URL: database.url, PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: hook.url, APPDESK_WORKER: 'false' };
    api = await startServer(env);
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await hook.close();
    await database.drop();
  });

  it('the API alone queues pushes; a separate worker process delivers them', async () => {
    const login = await call(api.url, 'POST', '/admin/api/auth/login', { username: 'admin', password: 'admin-password' });
    const admin = { authorization: `Token ${login.body.data.access_token}` };
    await call(api.url, 'POST', '/api/auth/send_code', { account: 'someone@example.com' });
    const created = await call(api.url, 'POST', '/admin/api/push', { push_title: 't', push_body: 'b', push_scope: 0 }, admin);
    expect(created.body.code).toBe(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await call(api.url, 'GET', `/admin/api/push/${created.body.data.id}`, undefined, admin)).body.data.push_status).toBe(0);

    const worker = await startServer({ ...env, LOG_LEVEL: 'info' }, 'src/worker.ts');
    try {
      const started = Date.now() + 30_000;
      while (!worker.output().includes('push worker started') && Date.now() < started) await new Promise((r) => setTimeout(r, 100));
      expect(worker.output()).toContain('push worker started');
      const deadline = Date.now() + 20_000;
      let status = 0;
      while (Date.now() < deadline && status === 0) {
        await new Promise((r) => setTimeout(r, 200));
        status = (await call(api.url, 'GET', `/admin/api/push/${created.body.data.id}`, undefined, admin)).body.data.push_status;
      }
      expect(status).toBe(1);
    } finally {
      const code = await worker.stop('SIGTERM');
      expect(code, worker.output()).toBe(0);
    }
  }, 90_000);
});
