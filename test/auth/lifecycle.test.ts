/**
 * The account lifecycle (SPEC section 7): reset password, code login, password change,
 * account change and the session list, with every error code and immediate revocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, newPhone, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { LOGIN_MAX_FAILURES: '3' } });
});
afterAll(() => t.close());

const post = (url: string, payload: object, headers: Record<string, string> = {}) => t.request({ method: 'POST', url, payload, headers });
const put = (url: string, token: string, payload: object) => t.request({ method: 'PUT', url, payload, headers: auth(token) });
const info = (token: string) => t.request({ method: 'GET', url: '/api/personal/info', headers: auth(token) });
async function codeFor(account: string): Promise<string> {
  t.clock.advance(61_000);
  const sent = await post('/api/auth/send_code', { account });
  expect(sent.body.code, JSON.stringify(sent.body)).toBe(0);
  return account.includes('@') ? t.email.lastCodeFor(account) : t.sms.lastCodeFor(account);
}
const login = (account: string, password: string) => post('/api/auth/access_token', { account, password });

describe('POST /api/auth/reset_password', () => {
  it('sets the password and ends every session at once; the code is used up', async () => {
    const u = await registerUser(t);
    const other = (await login(u.phone, u.password)).body.data;
    expect((await info(u.accessToken)).body.code).toBe(0);
    const code = await codeFor(u.phone);
    const res = await post('/api/auth/reset_password', { account: u.phone, code, password: 'brand-new-pass' });
    expect(res.body).toEqual({ code: 0, message: 'success', data: {} });
    expect((await info(u.accessToken)).body.code).toBe(10004);
    expect((await info(other.access_token)).body.code).toBe(10004);
    expect((await post('/api/auth/refresh_token', { refresh_token: other.refresh_token })).body.code).toBe(10004);
    expect((await login(u.phone, u.password)).body.code).toBe(10007);
    expect((await login(u.phone, 'brand-new-pass')).body.code).toBe(0);
    expect((await post('/api/auth/reset_password', { account: u.phone, code, password: 'another-pass-1' })).body.code).toBe(10008);
  });

  it.each([
    ['unknown account', 10006],
    ['bad code', 10008],
    ['short password', 10005],
  ])('%s → %i, nothing changed', async (what, expected) => {
    const u = await registerUser(t);
    const code = await codeFor(u.phone);
    const body =
      what === 'unknown account'
        ? { account: newPhone(), code, password: 'brand-new-pass' }
        : what === 'bad code'
          ? { account: u.phone, code: code === '000000' ? '111111' : '000000', password: 'brand-new-pass' }
          : { account: u.phone, code, password: 'short' };
    expect((await post('/api/auth/reset_password', body)).body.code).toBe(expected);
    expect((await info(u.accessToken)).body.code).toBe(0);
    expect((await login(u.phone, u.password)).body.code).toBe(0);
  });
});

describe('POST /api/auth/code_login', () => {
  it('logs a registered user in with a code, once per code', async () => {
    const u = await registerUser(t);
    const code = await codeFor(u.phone);
    const res = await post('/api/auth/code_login', { account: u.phone, code });
    expect(res.body.code).toBe(0);
    expect(Object.keys(res.body.data).sort()).toEqual(['access_token', 'expires_at', 'expires_in', 'refresh_token']);
    expect((await info(res.body.data.access_token)).body.code).toBe(0);
    expect((await post('/api/auth/code_login', { account: u.phone, code })).body.code).toBe(10008);
  });

  it('answers 10006 for an unknown account without using the code, 10008 for a bad code, 10003 when disabled', async () => {
    const phone = newPhone();
    const code = await codeFor(phone);
    expect((await post('/api/auth/code_login', { account: phone, code })).body.code).toBe(10006);
    // The code was not consumed: it still registers.
    expect((await post('/api/auth/register', { account: phone, code, password: 'password123' })).body.code).toBe(0);
    expect((await post('/api/auth/code_login', { account: phone, code: '12345' })).body.code).toBe(10008);
    await t.container.database.db.updateTable('users').set({ is_active: 0 }).where('username', '=', phone).execute();
    const again = await codeFor(phone);
    expect((await post('/api/auth/code_login', { account: phone, code: again })).body.code).toBe(10003);
  });

  it('registers unknown accounts without a password when CODE_LOGIN_REGISTERS=true', async () => {
    const t2 = await buildTestApp({ env: { CODE_LOGIN_REGISTERS: 'true' } });
    try {
      const email = `new-${Date.now()}@example.com`;
      await t2.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: email } });
      const code = t2.email.lastCodeFor(email);
      const res = await t2.request({ method: 'POST', url: '/api/auth/code_login', payload: { account: email, code } });
      expect(res.body.code).toBe(0);
      const me = await t2.request({ method: 'GET', url: '/api/personal/info', headers: auth(res.body.data.access_token) });
      expect(me.body.data).toMatchObject({ username: email, email, phone: '', area: '' });
      // No password: a password login is wrong whatever is sent, and costs a hash all the same.
      const pw = await t2.request({ method: 'POST', url: '/api/auth/access_token', payload: { account: email, password: '' } });
      expect(pw.body.code).toBe(10007);
      // Setting a first password needs no old one.
      const set = await t2.request({
        method: 'PUT',
        url: '/api/personal/password',
        headers: auth(res.body.data.access_token),
        payload: { password: 'first-password' },
      });
      expect(set.body.code).toBe(0);
      const ok = await t2.request({
        method: 'POST',
        url: '/api/auth/access_token',
        payload: { account: email, password: 'first-password' },
      });
      expect(ok.body.code).toBe(0);
    } finally {
      await t2.close();
    }
  });
});

describe('PUT /api/personal/password', () => {
  it('changes the password; other sessions end, the calling one keeps working', async () => {
    const u = await registerUser(t);
    const other = (await login(u.phone, u.password)).body.data.access_token as string;
    const res = await put('/api/personal/password', u.accessToken, { old_password: u.password, password: 'changed-pass-1' });
    expect(res.body).toEqual({ code: 0, message: 'success', data: {} });
    expect((await info(u.accessToken)).body.code).toBe(0);
    expect((await info(other)).body.code).toBe(10004);
    expect((await login(u.phone, 'changed-pass-1')).body.code).toBe(0);
  });

  it('10007 for a wrong old password, counted toward the lockout; 10005 without it or for a short one', async () => {
    const u = await registerUser(t);
    expect((await put('/api/personal/password', u.accessToken, { password: 'changed-pass-1' })).body.code).toBe(10005);
    expect((await put('/api/personal/password', u.accessToken, { old_password: u.password, password: 'short' })).body.code).toBe(10005);
    for (let i = 0; i < 3; i++) {
      expect(
        (await put('/api/personal/password', u.accessToken, { old_password: 'wrong-one', password: 'changed-pass-1' })).body.code,
      ).toBe(10007);
    }
    // LOGIN_MAX_FAILURES=3: the account is locked now, for logins and for this check alike.
    expect((await login(u.phone, u.password)).body.code).toBe(10015);
    expect((await put('/api/personal/password', u.accessToken, { old_password: u.password, password: 'changed-pass-1' })).body.code).toBe(
      10015,
    );
    t.clock.advance(15 * 60_000 + 1000);
    expect((await login(u.phone, u.password)).body.code).toBe(0);
  });
});

describe('PUT /api/personal/account', () => {
  it('changes the phone after a code sent to the new one; the user logs in with it', async () => {
    const u = await registerUser(t);
    const fresh = newPhone();
    const code = await codeFor(fresh);
    const res = await put('/api/personal/account', u.accessToken, { account: fresh, code });
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({ phone: fresh, username: fresh, area: '86' });
    expect((await info(u.accessToken)).body.data.phone).toBe(fresh);
    expect((await login(fresh, u.password)).body.code).toBe(0);
    expect((await login(u.phone, u.password)).body.code).toBe(10006);
  });

  it('binds an e-mail: it becomes the sign-in account', async () => {
    const u = await registerUser(t);
    const email = `bind-${u.phone}@example.com`;
    const code = await codeFor(email);
    const res = await put('/api/personal/account', u.accessToken, { account: email, code });
    expect(res.body.data).toMatchObject({ email, username: email, area: '', phone: '' });
    expect((await login(email, u.password)).body.code).toBe(0);
  });

  it('10009 when another user has the account (the code is kept), 10008 for a bad code', async () => {
    const a = await registerUser(t);
    const b = await registerUser(t);
    const code = await codeFor(b.phone);
    expect((await put('/api/personal/account', a.accessToken, { account: b.phone, code })).body.code).toBe(10009);
    expect((await post('/api/auth/check_code', { account: b.phone, code })).body.code).toBe(0);
    const fresh = newPhone();
    await codeFor(fresh);
    expect((await put('/api/personal/account', a.accessToken, { account: fresh, code: '00000' })).body.code).toBe(10008);
    expect((await info(a.accessToken)).body.data.phone).toBe(a.phone);
  });
});

describe('GET/DELETE /api/auth/sessions', () => {
  it('lists live sessions newest first with what the user recognises, and ends one at once', async () => {
    const u = await registerUser(t);
    const second = await post('/api/auth/access_token', { account: u.phone, password: u.password }, { 'user-agent': 'PhoneApp/2.0' });
    const token2 = second.body.data.access_token as string;
    const list = await t.request({ method: 'GET', url: '/api/auth/sessions', headers: { ...auth(token2), 'user-agent': 'PhoneApp/2.0' } });
    expect(list.body.code).toBe(0);
    expect(list.body.data).toMatchObject({ total: 2, pages: 1, current_page: 1, page_size: 20 });
    const [newest, oldest] = list.body.data.data;
    expect(Object.keys(newest).sort()).toEqual(['created_at', 'current', 'id', 'ip', 'last_used_at', 'user_agent']);
    expect(newest).toMatchObject({ user_agent: 'PhoneApp/2.0', current: true, ip: '127.0.0.1' });
    expect(oldest.current).toBe(false);
    expect(newest.id).toBeGreaterThan(oldest.id);

    const del = await t.request({ method: 'DELETE', url: `/api/auth/sessions/${oldest.id}`, headers: auth(token2) });
    expect(del.body.code).toBe(0);
    expect((await info(u.accessToken)).body.code).toBe(10004);
    expect((await post('/api/auth/refresh_token', { refresh_token: u.refreshToken })).body.code).toBe(10004);
    expect((await t.request({ method: 'DELETE', url: `/api/auth/sessions/${oldest.id}`, headers: auth(token2) })).body.code).toBe(10001);
    // Ending the calling session is allowed.
    expect((await t.request({ method: 'DELETE', url: `/api/auth/sessions/${newest.id}`, headers: auth(token2) })).body.code).toBe(0);
    expect((await info(token2)).body.code).toBe(10004);
  });

  it("answers 10001 for another user's session and 10004 without a token", async () => {
    const a = await registerUser(t);
    const b = await registerUser(t);
    const bs = (await t.request({ method: 'GET', url: '/api/auth/sessions', headers: auth(b.accessToken) })).body.data.data;
    expect((await t.request({ method: 'DELETE', url: `/api/auth/sessions/${bs[0].id}`, headers: auth(a.accessToken) })).body.code).toBe(
      10001,
    );
    expect((await info(b.accessToken)).body.code).toBe(0);
    expect((await t.request({ method: 'GET', url: '/api/auth/sessions' })).body.code).toBe(10004);
  });
});
