/**
 * Sessions record their last use without a write per request: at most one noted use per
 * session per minute, written in batches; and the account writer revokes a user's other
 * sessions with the cache dropped at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const info = (token: string) => t.request({ method: 'GET', url: '/api/personal/info', headers: auth(token) });
const login = async (account: string, password: string) =>
  (await t.request({ method: 'POST', url: '/api/auth/access_token', payload: { account, password } })).body.data.access_token as string;

async function sessionsOf(phone: string) {
  const user = await t.container.database.db.selectFrom('users').select('id').where('username', '=', phone).executeTakeFirstOrThrow();
  return t.container.database.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).orderBy('id').execute();
}

describe('session activity', () => {
  it('notes a session once a minute however many requests it makes, and writes it on flush', async () => {
    const u = await registerUser(t);
    await t.container.activity.flush();
    const [opened] = await sessionsOf(u.phone);
    const start = t.clock.now();
    const answers = await Promise.all(Array.from({ length: 50 }, () => info(u.accessToken)));
    expect(answers.every((a) => a.body.code === 0)).toBe(true);
    expect(t.container.activity.pendingCount).toBe(1);
    t.clock.advance(30_000);
    await info(u.accessToken);
    // Within the minute: nothing new noted.
    expect(t.container.activity.pendingCount).toBe(1);
    await t.container.activity.flush();
    expect(t.container.activity.pendingCount).toBe(0);
    const [afterFirst] = await sessionsOf(u.phone);
    expect(afterFirst!.last_used_at).toBe(start);
    expect(Number(afterFirst!.last_used_at)).toBeGreaterThan(Number(opened!.created_at));

    t.clock.advance(31_000);
    await info(u.accessToken);
    expect(t.container.activity.pendingCount).toBe(1);
    await t.container.activity.flush();
    const [afterSecond] = await sessionsOf(u.phone);
    expect(afterSecond!.last_used_at).toBe(t.clock.now());
  });

  it('writes many sessions noted at once in one flush', async () => {
    const users = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    await t.container.activity.flush();
    t.clock.advance(120_000);
    await Promise.all(users.map((u) => info(u.accessToken)));
    expect(t.container.activity.pendingCount).toBe(3);
    await t.container.activity.flush();
    for (const u of users) expect((await sessionsOf(u.phone))[0]!.last_used_at).toBe(t.clock.now());
  });
});

describe('account writer', () => {
  it('revokes every other session of the user at once, keeping the one named', async () => {
    const u = await registerUser(t);
    const second = await login(u.phone, u.password);
    const third = await login(u.phone, u.password);
    // All three are cached now.
    for (const token of [u.accessToken, second, third]) expect((await info(token)).body.code).toBe(0);
    const sessions = await sessionsOf(u.phone);
    await t.container.accounts.revokeSessions(sessions[0]!.user_id, sessions[0]!.id);
    expect((await info(u.accessToken)).body.code).toBe(0);
    expect((await info(second)).body.code).toBe(10004);
    expect((await info(third)).body.code).toBe(10004);
    await t.container.accounts.revokeSessions(sessions[0]!.user_id);
    expect((await info(u.accessToken)).body.code).toBe(10004);
  });

  it('updates a user and drops its cached copies in one step', async () => {
    const u = await registerUser(t);
    expect((await info(u.accessToken)).body.data.nickname).toBe('');
    const [s] = await sessionsOf(u.phone);
    await t.container.accounts.update('', s!.user_id, { nickname: 'renamed' });
    expect((await info(u.accessToken)).body.data.nickname).toBe('renamed');
  });

  it('answers 10001 for a user of another app and changes nothing', async () => {
    const u = await registerUser(t);
    const [s] = await sessionsOf(u.phone);
    await expect(t.container.accounts.update('no-such-app', s!.user_id, { nickname: 'x' })).rejects.toMatchObject({ code: 10001 });
    expect((await info(u.accessToken)).body.data.nickname).toBe('');
  });
});
