import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let root: string;

const req = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: object, headers: Record<string, string> = {}) =>
  t.request({ method, url, headers: { ...auth(token), ...headers }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp();
  root = await adminToken(t);
});
afterAll(() => t.close());

describe('/admin/api/apps', () => {
  it('creates an app usable at once through X-App-Id', async () => {
    expect((await t.request({ method: 'GET', url: '/api/faq', headers: { 'x-app-id': 'shop' } })).body.code).toBe(10005);
    const res = await req('POST', '/admin/api/apps', root, {
      app_id: 'shop',
      name: 'Shop',
      push_config: { android_provider: 'webhook', webhook_url: 'https://hooks.example/push' },
    });
    expect(res.body.data).toMatchObject({
      app_id: 'shop',
      name: 'Shop',
      push_config: { android_provider: 'webhook', webhook_url: 'https://hooks.example/push' },
    });
    expect((await t.request({ method: 'GET', url: '/api/faq', headers: { 'x-app-id': 'shop' } })).body.code).toBe(0);
  });

  it('masks provider secrets in answers and audit, and keeps them when the mask is sent back', async () => {
    // Only what the provider declares secret is masked (SPEC section 8): app_key is not.
    const res = await req('PUT', '/admin/api/apps/shop', root, {
      push_config: { jpush: { app_key: 'k-123', master_secret: 's-456', base_url: 'https://cn.example' } },
    });
    expect(res.body.data.push_config.jpush).toEqual({ app_key: 'k-123', master_secret: '********', base_url: 'https://cn.example' });
    const again = await req('PUT', '/admin/api/apps/shop', root, {
      push_config: { jpush: { app_key: 'k-123', master_secret: '********', base_url: 'https://sg.example' } },
    });
    expect(again.body.data.push_config.jpush.base_url).toBe('https://sg.example');
    const stored = await t.container.database.db
      .selectFrom('apps')
      .select('push_config')
      .where('app_id', '=', 'shop')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.push_config).jpush).toEqual({ app_key: 'k-123', master_secret: 's-456', base_url: 'https://sg.example' });
    const audit = await req('GET', '/admin/api/audit?app_id=shop', root);
    expect(JSON.stringify(audit.body.data)).not.toContain('s-456');
  });

  it('addresses the default app as _default', async () => {
    const res = await req('PUT', '/admin/api/apps/_default', root, { name: 'Main' });
    expect(res.body.data).toMatchObject({ app_id: '', name: 'Main' });
  });

  it.each([
    [{ app_id: 'shop', name: 'dup' }, 10009],
    [{ app_id: 'bad id', name: 'x' }, 10005],
    [{ app_id: 'x1', name: 'x', push_config: { ios_provider: 'pigeon' } }, 10005],
    [{ app_id: 'x2', name: 'x', push_config: { webhook_url: 'ftp://x' } }, 10005],
    [{ app_id: 'x3' }, 10005],
  ])('refuses %j with %i', async (payload, code) => {
    expect((await req('POST', '/admin/api/apps', root, payload)).body.code).toBe(code);
  });

  it('answers 10001 for an unknown app', async () => {
    expect((await req('PUT', '/admin/api/apps/nope', root, { name: 'x' })).body.code).toBe(10001);
  });
});

describe('/admin/api/users', () => {
  it('searches users of the app and shows one, never the password hash', async () => {
    const u = await registerUser(t, '13912345678');
    const list = await req('GET', '/admin/api/users?q=912345', root);
    expect(list.body.data.total).toBe(1);
    expect(list.body.data.data[0].phone).toBe('13912345678');
    expect(JSON.stringify(list.body)).not.toContain('argon2');
    const one = await req('GET', `/admin/api/users/${list.body.data.data[0].id}`, root);
    expect(one.body.data.username).toBe('13912345678');
    expect((await req('GET', `/admin/api/users/${list.body.data.data[0].id}`, root, undefined, { 'x-app-id': 'shop' })).body.code).toBe(
      10001,
    );
    expect(u.accessToken).toHaveLength(50);
  });

  it('disabling a user stops its tokens at once (10003), refresh too; enabling restores', async () => {
    const u = await registerUser(t);
    const me = await req('GET', '/api/personal/info', u.accessToken);
    const id = me.body.data.id;
    const off = await req('PUT', `/admin/api/users/${id}`, root, { is_active: false });
    expect(off.body.data.is_active).toBe(false);
    const denied = await req('GET', '/api/personal/info', u.accessToken);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe(10003);
    const refresh = await t.request({ method: 'POST', url: '/api/auth/refresh_token', payload: { refresh_token: u.refreshToken } });
    expect(refresh.body.code).toBe(10003);
    await req('PUT', `/admin/api/users/${id}`, root, { is_active: true });
    expect((await req('GET', '/api/personal/info', u.accessToken)).body.code).toBe(0);
    const audit = await req('GET', '/admin/api/audit?action=user.disable', root);
    expect(audit.body.data.data[0]).toMatchObject({ target_type: 'user', target_id: String(id) });
    expect((await req('PUT', '/admin/api/users/999999', root, { is_active: false })).body.code).toBe(10001);
    expect((await req('PUT', `/admin/api/users/${id}`, root, { is_active: 'no' })).body.code).toBe(10005);
  });
});
