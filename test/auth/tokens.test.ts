import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;

const refresh = (token: string, headers: Record<string, string> = {}) =>
  t.request({ method: 'POST', url: '/api/auth/refresh_token', payload: { refresh_token: token }, headers });
const info = (token: string, headers: Record<string, string> = {}) =>
  t.request({ method: 'GET', url: '/api/personal/info', headers: { ...auth(token), ...headers } });

beforeAll(async () => {
  t = await buildTestApp({
    env: { REFRESH_REUSE_GRACE_SECONDS: '10', ACCESS_TOKEN_TTL_SECONDS: '3600', REFRESH_TOKEN_TTL_SECONDS: '86400' },
  });
  await createApp(t, 'other');
});
afterAll(() => t.close());

describe('POST /api/auth/refresh_token', () => {
  it('rotates: a new working pair, and the old access token stops at once', async () => {
    const u = await registerUser(t);
    const res = await refresh(u.refreshToken);
    expect(res.body.code).toBe(0);
    expect(res.body.data.access_token).not.toBe(u.accessToken);
    expect(res.body.data.expires_in).toBe(3600);
    const old = await info(u.accessToken);
    expect(old.status).toBe(401);
    expect(old.body.code).toBe(10004);
    expect((await info(res.body.data.access_token)).body.code).toBe(0);
  });

  it('answers a working pair for the old refresh token within the grace window', async () => {
    const u = await registerUser(t);
    const first = await refresh(u.refreshToken);
    t.clock.advance(5_000);
    const retry = await refresh(u.refreshToken);
    expect(retry.body.code).toBe(0);
    expect((await info(retry.body.data.access_token)).body.code).toBe(0);
    expect((await info(first.body.data.access_token)).body.code).toBe(0);
  });

  it('after the grace window, reuse answers 10004 and revokes the whole session', async () => {
    const u = await registerUser(t);
    const next = await refresh(u.refreshToken);
    t.clock.advance(11_000);
    const reuse = await refresh(u.refreshToken);
    expect(reuse.body.code).toBe(10004);
    expect((await info(next.body.data.access_token)).body.code).toBe(10004);
    expect((await refresh(next.body.data.refresh_token)).body.code).toBe(10004);
  });

  it('20 simultaneous refreshes of one token log nobody out, and every pair works', async () => {
    const u = await registerUser(t);
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(u.refreshToken)));
    expect(answers.map((a) => a.body.code)).toEqual(Array(20).fill(0));
    for (const a of answers) expect((await info(a.body.data.access_token)).body.code).toBe(0);
    const again = await Promise.all(answers.map((a) => refresh(a.body.data.refresh_token)));
    expect(again.map((a) => a.body.code)).toEqual(Array(20).fill(0));
  });

  it('refuses an expired refresh token and an expired access token', async () => {
    const u = await registerUser(t);
    t.clock.advance(3600_000);
    expect((await info(u.accessToken)).body.code).toBe(10004);
    const ok = await refresh(u.refreshToken);
    expect(ok.body.code).toBe(0);
    t.clock.advance(86400_000);
    expect((await refresh(ok.body.data.refresh_token)).body.code).toBe(10004);
  });

  it('refuses unknown tokens and tokens of another app', async () => {
    expect((await refresh('x'.repeat(50))).body.code).toBe(10004);
    const u = await registerUser(t);
    expect((await info(u.accessToken, { 'x-app-id': 'other' })).body.code).toBe(10004);
    expect((await refresh(u.refreshToken, { 'x-app-id': 'other' })).body.code).toBe(10004);
    expect((await info(u.accessToken)).body.code).toBe(0);
  });
});

describe('POST /api/auth/destroy_token', () => {
  it('revokes this session’s access and refresh token; other sessions keep working', async () => {
    const u = await registerUser(t);
    const second = await t.request({ method: 'POST', url: '/api/auth/access_token', payload: { account: u.phone, password: u.password } });
    const res = await t.request({ method: 'POST', url: '/api/auth/destroy_token', headers: auth(u.accessToken) });
    expect(res.body).toEqual({ code: 0, message: 'success', data: {} });
    expect((await info(u.accessToken)).body.code).toBe(10004);
    expect((await refresh(u.refreshToken)).body.code).toBe(10004);
    expect((await info(second.body.data.access_token)).body.code).toBe(0);
  });

  it('needs a token', async () => {
    expect((await t.request({ method: 'POST', url: '/api/auth/destroy_token' })).body.code).toBe(10004);
  });
});

describe('Authorization header', () => {
  it('accepts Token and Bearer, refuses anything else', async () => {
    const u = await registerUser(t);
    expect(
      (await t.request({ method: 'GET', url: '/api/personal/info', headers: { authorization: `Bearer ${u.accessToken}` } })).body.code,
    ).toBe(0);
    expect(
      (await t.request({ method: 'GET', url: '/api/personal/info', headers: { authorization: `Basic ${u.accessToken}` } })).body.code,
    ).toBe(10004);
    expect((await t.request({ method: 'GET', url: '/api/personal/info', headers: { authorization: u.accessToken } })).body.code).toBe(
      10004,
    );
  });
});

describe('APPDESK_TIMEZONE', () => {
  it('writes timestamps in the configured zone', async () => {
    const sh = await buildTestApp({ env: { APPDESK_TIMEZONE: 'Asia/Shanghai' } });
    try {
      const u = await registerUser(sh);
      const me = await sh.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) });
      const created = await sh.container.database.db
        .selectFrom('users')
        .select('created_at')
        .where('username', '=', u.phone)
        .executeTakeFirstOrThrow();
      const expected = new Date(created.created_at + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
      expect(me.body.data.created_at).toBe(expected);
    } finally {
      await sh.close();
    }
  });
});
