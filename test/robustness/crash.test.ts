/**
 * A server killed with SIGKILL in the middle of a burst of writes loses none of the writes
 * it answered with code 0, and its database stays intact.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/database.js';
import { registerPhoneUser, startCodeCatcher, type CodeCatcher } from '../helpers/sms-codes.js';
import { call, startServer } from '../helpers/server-process.js';

describe('SIGKILL during a burst of writes', () => {
  let database: TestDatabase;
  let sms: CodeCatcher;

  beforeAll(async () => {
    database = await createTestDatabase();
    sms = await startCodeCatcher();
  });
  afterAll(async () => {
    await sms.close();
    await database.drop();
  });

  it('keeps every answered registration and feedback', async () => {
    const env = {
      DATABASE_URL: database.url,
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: sms.url,
      APPDESK_WORKER: 'false',
      CODE_SEND_INTERVAL_SECONDS: '0',
    };
    const server = await startServer(env);
    const phone = '13855550000';
    const auth = (await registerPhoneUser(server.url, sms, phone)).headers;

    const answeredFeedback: number[] = [];
    const answeredUsers: string[] = [];
    let killed = false;
    const burst = Array.from({ length: 300 }, async (_, i) => {
      try {
        if (i % 10 === 0) {
          const p = `1385555${String(1000 + i).padStart(4, '0')}`;
          const sent = await call(server.url, 'POST', '/api/auth/send_code', { account: p });
          if (sent.body.code !== 0) return;
          const r = await call(server.url, 'POST', '/api/auth/register', { account: p, code: sms.codes.get(p), password: 'password123' });
          if (r.body.code === 0) answeredUsers.push(p);
        } else {
          const r = await call(server.url, 'POST', '/api/feedback', { feedback_content: `burst ${i}` }, auth);
          if (r.body.code === 0) answeredFeedback.push(r.body.data.id as number);
        }
      } catch {
        // connection cut by the kill: not answered, so nothing is promised
      }
      if (!killed && answeredFeedback.length >= 60) {
        killed = true;
        server.proc.kill('SIGKILL');
      }
    });
    await Promise.all(burst);
    await server.exited;
    expect(killed).toBe(true);
    expect(answeredFeedback.length).toBeGreaterThanOrEqual(60);

    if (testDialect === 'sqlite') {
      const raw = new Database(database.url.slice('sqlite:'.length));
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
    }
    const again = await startServer(env);
    try {
      const list = await call(again.url, 'GET', '/api/feedback?page_size=100&page_no=1', undefined, auth);
      let ids: number[] = list.body.data.data.map((f: { id: number }) => f.id);
      for (let page = 2; page <= list.body.data.pages; page++) {
        const more = await call(again.url, 'GET', `/api/feedback?page_size=100&page_no=${page}`, undefined, auth);
        ids = ids.concat(more.body.data.data.map((f: { id: number }) => f.id));
      }
      for (const id of answeredFeedback) expect(ids).toContain(id);
      for (const p of answeredUsers) {
        const login = await call(again.url, 'POST', '/api/auth/access_token', { account: p, password: 'password123' });
        expect(login.body.code, p).toBe(0);
      }
    } finally {
      await again.stop();
    }
  }, 480_000);
});
