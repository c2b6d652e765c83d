/**
 * Revocation across instances (SPEC section 7): a password change on one server ends the
 * user's other sessions on the other server, and a session ended from the session list on
 * one server stops working on the other, within the invalidation bus's delay (polled with
 * a generous bound, so a busy machine never fails this on timing alone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/database.js';
import { registerPhoneUser, startCodeCatcher, type CodeCatcher } from '../helpers/sms-codes.js';
import { call, startServer, type ServerProcess } from '../helpers/server-process.js';

const runs = testDialect === 'postgres';

describe.skipIf(!runs)('revocation reaches the other instance', () => {
  let database: TestDatabase;
  let sms: CodeCatcher;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    sms = await startCodeCatcher();
    const env = { DATABASE_URL: database.url, SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: sms.url, APPDESK_WORKER: 'false' };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  }, 480_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await sms.close();
    await database.drop();
  });

  const tokenOf = (token: string) => ({ authorization: `Token ${token}` });
  const infoCode = async (s: ServerProcess, token: string) =>
    (await call(s.url, 'GET', '/api/personal/info', undefined, tokenOf(token))).body.code;

  it('a password change on A ends the other sessions on B; a session ended on B stops on A', { timeout: 300_000 }, async () => {
    const phone = '13822223333';
    const first = (await registerPhoneUser(a.url, sms, phone)).accessToken;
    const second = (await call(b.url, 'POST', '/api/auth/access_token', { account: phone, password: 'password123' })).body.data
      .access_token as string;
    // Both sessions are now cached on both servers.
    for (const s of [a, b]) for (const token of [first, second]) expect(await infoCode(s, token)).toBe(0);

    const changed = await call(
      a.url,
      'PUT',
      '/api/personal/password',
      { old_password: 'password123', password: 'password456' },
      tokenOf(first),
    );
    expect(changed.body.code).toBe(0);
    await expect.poll(() => infoCode(b, second), { timeout: 120_000, interval: 25 }).toBe(10004);
    expect(await infoCode(b, first)).toBe(0);

    const list = await call(b.url, 'GET', '/api/auth/sessions', undefined, tokenOf(first));
    expect(list.body.data.total).toBe(1);
    const only = list.body.data.data[0] as { id: number; current: boolean };
    expect(only.current).toBe(true);
    expect((await call(b.url, 'DELETE', `/api/auth/sessions/${only.id}`, undefined, tokenOf(first))).body.code).toBe(0);
    await expect.poll(() => infoCode(a, first), { timeout: 120_000, interval: 25 }).toBe(10004);
  });
});
