import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Argon2Hasher, type PasswordHasher } from '../../src/platform/password-hasher.js';
import { auth, buildTestApp, newPhone, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let dummyVerifies = 0;

class CountingHasher implements PasswordHasher {
  private readonly inner = new Argon2Hasher({ memoryCost: 64, timeCost: 1 });
  hash(p: string) {
    return this.inner.hash(p);
  }
  verify(h: string, p: string) {
    return this.inner.verify(h, p);
  }
  async verifyDummy(p: string) {
    dummyVerifies += 1;
    await this.inner.verifyDummy(p);
  }
}

const post = (url: string, payload: object, headers: Record<string, string> = {}) => t.request({ method: 'POST', url, payload, headers });

async function codeFor(phone: string): Promise<string> {
  const res = await post('/api/auth/send_code', { account: phone });
  expect(res.body.code).toBe(0);
  t.clock.advance(61_000);
  return t.sms.lastCodeFor(phone);
}

beforeAll(async () => {
  t = await buildTestApp({
    env: { LOGIN_MAX_FAILURES: '3', CODE_MAX_ATTEMPTS: '3', CODE_TTL_SECONDS: '300' },
    overrides: { hasher: new CountingHasher() },
  });
});
afterAll(() => t.close());

describe('POST /api/auth/check_code', () => {
  it('answers 0 for the right code without consuming it', async () => {
    const phone = newPhone();
    const code = await codeFor(phone);
    expect((await post('/api/auth/check_code', { account: phone, code })).body.code).toBe(0);
    expect((await post('/api/auth/check_code', { account: phone, code })).body.code).toBe(0);
  });

  it('counts wrong tries: after CODE_MAX_ATTEMPTS even the right code is 10008', async () => {
    const phone = newPhone();
    const code = await codeFor(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) expect((await post('/api/auth/check_code', { account: phone, code: wrong })).body.code).toBe(10008);
    const res = await post('/api/auth/check_code', { account: phone, code });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10008);
  });

  it('expires after CODE_TTL_SECONDS', async () => {
    const phone = newPhone();
    const code = await codeFor(phone);
    t.clock.advance(300_000);
    expect((await post('/api/auth/check_code', { account: phone, code })).body.code).toBe(10008);
  });

  it('a newer code replaces the old one', async () => {
    const phone = newPhone();
    const old = await codeFor(phone);
    const fresh = await codeFor(phone);
    if (old !== fresh) expect((await post('/api/auth/check_code', { account: phone, code: old })).body.code).toBe(10008);
    expect((await post('/api/auth/check_code', { account: phone, code: fresh })).body.code).toBe(0);
  });

  it('answers 10008 for an account that never asked for a code', async () => {
    expect((await post('/api/auth/check_code', { account: newPhone(), code: '123456' })).body.code).toBe(10008);
  });
});

describe('POST /api/auth/register', () => {
  it('creates the user, consumes the code and answers a token pair', async () => {
    const phone = newPhone();
    const code = await codeFor(phone);
    const res = await post('/api/auth/register', { account: phone, code, password: 'password123' });
    expect(res.body.code).toBe(0);
    expect(Object.keys(res.body.data).sort()).toEqual(['access_token', 'expires_at', 'expires_in', 'refresh_token']);
    expect(res.body.data.access_token).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(res.body.data.refresh_token).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(res.body.data.expires_in).toBe(604800);
    expect(res.body.data.expires_at).toBe(new Date(t.clock.now() + 604800_000).toISOString().slice(0, 19).replace('T', ' '));
    expect((await post('/api/auth/check_code', { account: phone, code })).body.code).toBe(10008);
    const db = t.container.database.db;
    const user = await db.selectFrom('users').selectAll().where('username', '=', phone).executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const tokens = await db.selectFrom('auth_tokens').selectAll().where('user_id', '=', user.id).execute();
    expect(tokens[0]!.access_hash).toMatch(/^[0-9a-z]{9}[0-9a-f]{64}$/);
    expect(JSON.stringify(tokens)).not.toContain(res.body.data.access_token);
  });

  it('answers 10009 for a registered account before looking at the code (the code stays usable)', async () => {
    const u = await registerUser(t);
    const code = await codeFor(u.phone);
    const res = await post('/api/auth/register', { account: u.phone, code, password: 'password123' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe(10009);
    expect((await post('/api/auth/check_code', { account: u.phone, code })).body.code).toBe(0);
  });

  it('answers 10009 for a registered account even with a password that breaks the rules', async () => {
    const u = await registerUser(t);
    const code = await codeFor(u.phone);
    const res = await post('/api/auth/register', { account: u.phone, code, password: 'short' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe(10009);
  });

  it.each([
    ['short', 10005],
    ['x'.repeat(129), 10005],
    ['1234567', 10005],
  ])('refuses password %s with %i and consumes nothing', async (password, expected) => {
    const phone = newPhone();
    const code = await codeFor(phone);
    expect((await post('/api/auth/register', { account: phone, code, password })).body.code).toBe(expected);
    expect((await post('/api/auth/check_code', { account: phone, code })).body.code).toBe(0);
  });

  it('answers 10008 for a wrong code', async () => {
    const phone = newPhone();
    await codeFor(phone);
    expect((await post('/api/auth/register', { account: phone, code: '99999x', password: 'password123' })).body.code).toBe(10008);
  });

  it('ignores fields a client may not set (role, phone, is_active, id)', async () => {
    const phone = newPhone();
    const code = await codeFor(phone);
    const res = await post('/api/auth/register', {
      account: phone,
      code,
      password: 'password123',
      role: 9,
      phone: '13000000000',
      is_active: false,
      id: 1,
    });
    const me = await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(res.body.data.access_token) });
    expect(me.body.data).toMatchObject({ role: 0, phone, is_active: true, gender: 2, nickname: '' });
    expect(me.body.data.openid).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it('registers an e-mail account with empty area and phone', async () => {
    const res = await post('/api/auth/send_code', { account: 'New.User@Example.com' });
    expect(res.body.code).toBe(0);
    const code = t.email.lastCodeFor('new.user@example.com');
    const reg = await post('/api/auth/register', { account: 'new.user@example.com', code, password: 'password123' });
    const me = await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(reg.body.data.access_token) });
    expect(me.body.data).toMatchObject({ email: 'new.user@example.com', username: 'new.user@example.com', area: '', phone: '' });
  });
});

describe('POST /api/auth/access_token', () => {
  it('logs in with the right password', async () => {
    const u = await registerUser(t);
    const res = await post('/api/auth/access_token', { account: u.phone, password: u.password });
    expect(res.body.code).toBe(0);
    expect(res.body.data.access_token).toMatch(/^[A-Za-z0-9]{50}$/);
  });

  it('answers 10006 for an unknown account, spending a password verification all the same', async () => {
    const before = dummyVerifies;
    const res = await post('/api/auth/access_token', { account: newPhone(), password: 'password123' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(10006);
    expect(dummyVerifies).toBe(before + 1);
  });

  it('answers 10007 for a wrong password and 10003 for a disabled account', async () => {
    const u = await registerUser(t);
    const wrong = await post('/api/auth/access_token', { account: u.phone, password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe(10007);
    await t.container.database.db.updateTable('users').set({ is_active: 0 }).where('username', '=', u.phone).execute();
    const disabled = await post('/api/auth/access_token', { account: u.phone, password: u.password });
    expect(disabled.status).toBe(403);
    expect(disabled.body.code).toBe(10003);
  });

  it('locks the account after LOGIN_MAX_FAILURES failures until the window passes', async () => {
    const u = await registerUser(t);
    for (let i = 0; i < 3; i++)
      expect((await post('/api/auth/access_token', { account: u.phone, password: 'nope-nope' })).body.code).toBe(10007);
    const locked = await post('/api/auth/access_token', { account: u.phone, password: u.password });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe(10015);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await post('/api/auth/access_token', { account: u.phone, password: u.password })).body.code).toBe(0);
  });
});
