/**
 * Operators' second factor (SPEC section 7): RFC 6238 codes on the container's manual clock,
 * replay refused (also under a burst of parallel sign-ins), wrong codes counted toward the
 * login lockout, a super turning another's off, the secret sealed at rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/modules/admin/totp-codes.js';
import { adminToken, auth, buildTestApp, type TestApp } from '../helpers/app.js';

const KEY = 'a'.repeat(64);
const STEP = 30_000;
let t: TestApp;
let superToken: string;
let seq = 0;

async function newManager(app = t, tok = superToken) {
  const username = `op${++seq}`;
  const password = 'operator-password';
  const res = await app.request({
    method: 'POST',
    url: '/admin/api/managers',
    headers: auth(tok),
    payload: { username, password, role: 'operator' },
  });
  expect(res.body.code).toBe(0);
  return { id: res.body.data.id as number, username, password, token: await adminToken(app, username, password) };
}

const login = (username: string, password: string, totp_code?: string, app = t) =>
  app.request({
    method: 'POST',
    url: '/admin/api/auth/login',
    payload: { username, password, ...(totp_code === undefined ? {} : { totp_code }) },
  });
const begin = (token: string, app = t) => app.request({ method: 'POST', url: '/admin/api/me/totp', headers: auth(token) });
const enable = (token: string, code: string, app = t) =>
  app.request({ method: 'POST', url: '/admin/api/me/totp/enable', headers: auth(token), payload: { code } });
const disable = (token: string, code: string, app = t) =>
  app.request({ method: 'DELETE', url: '/admin/api/me/totp', headers: auth(token), payload: { code } });
const me = async (token: string, app = t) => (await app.request({ method: 'GET', url: '/admin/api/me', headers: auth(token) })).body.data;
const codeAt = (secret: string, offsetSteps = 0, app = t) => totpCode(secret, app.clock.now() + offsetSteps * STEP);
/** On to the next 30-second step: the codes used so far are behind. */
const nextStep = (app = t) => app.clock.advance(STEP);

/** A manager with the second factor on; the enabling code's step is used up. */
async function withTotp(app = t, tok = superToken) {
  const m = await newManager(app, tok);
  const setup = await begin(m.token, app);
  const secret = setup.body.data.secret as string;
  expect((await enable(m.token, codeAt(secret, 0, app), app)).body.code).toBe(0);
  nextStep(app);
  return { ...m, secret };
}

beforeAll(async () => {
  t = await buildTestApp();
  superToken = await adminToken(t);
});
afterAll(() => t.close());

describe('setting up', () => {
  it('answers a base32 secret and its otpauth URL, pending until a code enables it', async () => {
    const m = await newManager();
    const res = await begin(m.token);
    expect(res.body.code).toBe(0);
    const { secret, otpauth_url } = res.body.data as { secret: string; otpauth_url: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(otpauth_url);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toContain(m.username);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ secret, algorithm: 'SHA1', digits: '6', period: '30', issuer: 'appdesk' });
    expect((await me(m.token)).totp_enabled).toBe(false);
    expect((await login(m.username, m.password)).body.code).toBe(0);

    const wrong = await enable(m.token, '000000' === codeAt(secret) ? '111111' : '000000');
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe(10016);
    expect((await me(m.token)).totp_enabled).toBe(false);

    expect((await enable(m.token, codeAt(secret))).body).toEqual({ code: 0, message: 'success', data: {} });
    expect((await me(m.token)).totp_enabled).toBe(true);
    const list = await t.request({ method: 'GET', url: '/admin/api/managers?page_size=100', headers: auth(superToken) });
    const rows = list.body.data.data as { id: number; totp_enabled: boolean }[];
    expect(rows.find((r) => r.id === m.id)?.totp_enabled).toBe(true);
    expect(rows.every((r) => typeof r.totp_enabled === 'boolean')).toBe(true);
  });

  it('enabling needs a pending secret, and a new secret is refused while on (10005)', async () => {
    const m = await newManager();
    expect((await enable(m.token, '123456')).body.code).toBe(10005);
    const on = await withTotp();
    expect((await begin(on.token)).body.code).toBe(10005);
    expect((await enable(on.token, codeAt(on.secret))).body.code).toBe(10005);
  });

  it('a newer pending secret replaces the earlier one', async () => {
    const m = await newManager();
    const first = (await begin(m.token)).body.data.secret as string;
    const second = (await begin(m.token)).body.data.secret as string;
    expect(second).not.toBe(first);
    expect((await enable(m.token, codeAt(first))).body.code).toBe(codeAt(first) === codeAt(second) ? 0 : 10016);
  });
});

describe('signing in with the second factor on', () => {
  it('needs totp_code: missing or wrong is 10016, right signs in', async () => {
    const m = await withTotp();
    const missing = await login(m.username, m.password);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ code: 10016, message: 'Two-factor code missing or wrong', data: {} });
    const wrongCode = codeAt(m.secret) === '123456' ? '654321' : '123456';
    expect((await login(m.username, m.password, wrongCode)).body.code).toBe(10016);
    expect((await login(m.username, m.password, 'abcdef')).body.code).toBe(10016);
    // A wrong password says so before any code is asked for.
    expect((await login(m.username, 'not-the-password', codeAt(m.secret))).body.code).toBe(10007);
    const ok = await login(m.username, m.password, codeAt(m.secret));
    expect(ok.body.code).toBe(0);
    expect(ok.body.data.manager.username).toBe(m.username);
  });

  it('answers in Chinese too', async () => {
    const m = await withTotp();
    const res = await t.request({
      method: 'POST',
      url: '/admin/api/auth/login',
      headers: { 'accept-language': 'zh-CN' },
      payload: { username: m.username, password: m.password },
    });
    expect(res.body).toEqual({ code: 10016, message: '两步验证码缺失或错误', data: {} });
  });

  it('refuses a code once used, for the rest of its window', async () => {
    const m = await withTotp();
    const code = codeAt(m.secret);
    expect((await login(m.username, m.password, code)).body.code).toBe(0);
    expect((await login(m.username, m.password, code)).body.code).toBe(10016);
    t.clock.advance(20_000);
    expect((await login(m.username, m.password, code)).body.code).toBe(10016);
    nextStep();
    expect((await login(m.username, m.password, codeAt(m.secret))).body.code).toBe(0);
  });

  it('takes one step of drift either way, not two, and never a step older than one used', async () => {
    const m = await withTotp();
    nextStep();
    nextStep();
    expect((await login(m.username, m.password, codeAt(m.secret, -2))).body.code).toBe(10016);
    expect((await login(m.username, m.password, codeAt(m.secret, 2))).body.code).toBe(10016);
    expect((await login(m.username, m.password, codeAt(m.secret, -1))).body.code).toBe(0);
    expect((await login(m.username, m.password, codeAt(m.secret, 1))).body.code).toBe(0);
    // The current step is older than the one just used (+1): refused as a replay would be.
    expect((await login(m.username, m.password, codeAt(m.secret, 0))).body.code).toBe(10016);
  });

  it('lets exactly one of a burst of parallel sign-ins with the same code through', async () => {
    const m = await withTotp();
    const code = codeAt(m.secret);
    const results = await Promise.all(Array.from({ length: 8 }, () => login(m.username, m.password, code)));
    const codes = results.map((r) => r.body.code).sort();
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === 10016)).toHaveLength(7);
  });

  it('leaves the second factor alone for a manager without one', async () => {
    const m = await newManager();
    expect((await login(m.username, m.password, '123456')).body.code).toBe(0);
  });
});

describe('lockout', () => {
  let lt: TestApp;
  let ltSuper: string;
  beforeAll(async () => {
    lt = await buildTestApp({ env: { LOGIN_MAX_FAILURES: '3' } });
    ltSuper = await adminToken(lt);
  });
  afterAll(() => lt.close());

  it('counts wrong codes, not missing ones', async () => {
    const m = await withTotp(lt, ltSuper);
    for (let i = 0; i < 5; i++) expect((await login(m.username, m.password, undefined, lt)).body.code).toBe(10016);
    expect((await login(m.username, m.password, codeAt(m.secret, 0, lt), lt)).body.code).toBe(0);
    nextStep(lt);
    const wrong = codeAt(m.secret, 0, lt) === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) expect((await login(m.username, m.password, wrong, lt)).body.code).toBe(10016);
    const locked = await login(m.username, m.password, codeAt(m.secret, 0, lt), lt);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe(10015);
  });

  it('bounds guesses on enable and disable too', async () => {
    const m = await withTotp(lt, ltSuper);
    const wrong = codeAt(m.secret, 0, lt) === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) expect((await disable(m.token, wrong, lt)).body.code).toBe(10016);
    expect((await disable(m.token, codeAt(m.secret, 0, lt), lt)).body.code).toBe(10015);
    expect((await me(m.token, lt)).totp_enabled).toBe(true);
  });
});

describe('turning it off', () => {
  it('with a code of the manager’s own (10016 wrong); then sign-in needs none', async () => {
    const m = await withTotp();
    const wrong = codeAt(m.secret) === '000000' ? '111111' : '000000';
    expect((await disable(m.token, wrong)).body.code).toBe(10016);
    expect((await me(m.token)).totp_enabled).toBe(true);
    expect((await disable(m.token, codeAt(m.secret))).body).toEqual({ code: 0, message: 'success', data: {} });
    expect((await me(m.token)).totp_enabled).toBe(false);
    expect((await login(m.username, m.password)).body.code).toBe(0);
    const row = await t.container.database.db.selectFrom('managers').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(row.totp_secret).toBeNull();
  });

  it('refuses a code already used for signing in', async () => {
    const m = await withTotp();
    const code = codeAt(m.secret);
    expect((await login(m.username, m.password, code)).body.code).toBe(0);
    expect((await disable(m.token, code)).body.code).toBe(10016);
  });

  it('by a super for another manager, audited; not for itself, and never on', async () => {
    const m = await withTotp();
    const res = await t.request({
      method: 'PUT',
      url: `/admin/api/managers/${m.id}`,
      headers: auth(superToken),
      payload: { totp_enabled: false },
    });
    expect(res.body.code).toBe(0);
    expect(res.body.data.totp_enabled).toBe(false);
    expect((await login(m.username, m.password)).body.code).toBe(0);
    const audit = await t.container.database.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('target_type', '=', 'manager')
      .where('target_id', '=', String(m.id))
      .where('action', '=', 'manager.update')
      .execute();
    expect(audit.some((a) => a.detail.includes('totp_turned_off'))).toBe(true);

    const self = (await me(superToken)).id as number;
    const own = await t.request({
      method: 'PUT',
      url: `/admin/api/managers/${self}`,
      headers: auth(superToken),
      payload: { totp_enabled: false },
    });
    expect(own.body.code).toBe(10005);
    const on = await t.request({
      method: 'PUT',
      url: `/admin/api/managers/${m.id}`,
      headers: auth(superToken),
      payload: { totp_enabled: true },
    });
    expect(on.body.code).toBe(10005);
  });

  it('is for supers only', async () => {
    const m = await withTotp();
    const other = await newManager();
    const res = await t.request({
      method: 'PUT',
      url: `/admin/api/managers/${m.id}`,
      headers: auth(other.token),
      payload: { totp_enabled: false },
    });
    expect(res.body.code).toBe(10003);
  });
});

describe('at rest', () => {
  const rawSecret = (app: TestApp, id: number) =>
    app.container.database.db.selectFrom('managers').select('totp_secret').where('id', '=', id).executeTakeFirstOrThrow();

  it('is sealed with APPDESK_ENCRYPTION_KEY: the row holds no base32 secret, and it still works', async () => {
    const et = await buildTestApp({ env: { APPDESK_ENCRYPTION_KEY: KEY } });
    try {
      const tok = await adminToken(et);
      const m = await withTotp(et, tok);
      const { totp_secret } = await rawSecret(et, m.id);
      expect(totp_secret).toMatch(/^enc:v1:/);
      expect(totp_secret).not.toContain(m.secret);
      expect((await login(m.username, m.password, codeAt(m.secret, 0, et), et)).body.code).toBe(0);
      // Bound to its manager: copied onto another, it does not open.
      const other = await newManager(et, tok);
      await et.container.database.db.updateTable('managers').set({ totp_secret, totp_enabled: 1 }).where('id', '=', other.id).execute();
      nextStep(et);
      expect((await login(other.username, other.password, codeAt(m.secret, 0, et), et)).body.code).not.toBe(0);
    } finally {
      await et.close();
    }
  });

  it('is kept as is without a key', async () => {
    const m = await newManager();
    const secret = (await begin(m.token)).body.data.secret as string;
    expect((await rawSecret(t, m.id)).totp_secret).toBe(secret);
  });
});

describe('OpenAPI', () => {
  it('documents the second-factor routes', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/admin/api/me/totp'].post).toBeDefined();
    expect(doc.paths['/admin/api/me/totp'].delete).toBeDefined();
    expect(doc.paths['/admin/api/me/totp/enable'].post).toBeDefined();
    expect(doc.paths['/admin/api/auth/login'].post.requestBody.content['application/json'].schema.properties.totp_code).toBeDefined();
  });
});
