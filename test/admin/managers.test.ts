import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let root: string;

const req = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  token: string,
  payload?: object,
  headers: Record<string, string> = {},
) => t.request({ method, url, headers: { ...auth(token), ...headers }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp();
  root = await adminToken(t);
  await createApp(t, 'app1');
  await createApp(t, 'app2');
});
afterAll(() => t.close());

describe('POST /admin/api/auth/login', () => {
  it('answers a manager token and the manager', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/admin/api/auth/login',
      payload: { username: 'admin', password: 'admin-password' },
    });
    expect(res.body.data).toMatchObject({ expires_in: 43200, manager: { username: 'admin', role: 'super' } });
    expect(res.body.data.access_token).toMatch(/^[A-Za-z0-9]{50}$/);
  });

  it.each([
    [{ username: 'nobody', password: 'whatever1' }, 10006],
    [{ username: 'admin', password: 'wrong-password' }, 10007],
    [{ username: 'admin' }, 10005],
  ])('refuses %j with %i', async (payload, code) => {
    const res = await t.request({ method: 'POST', url: '/admin/api/auth/login', payload });
    expect(res.body.code).toBe(code);
  });

  it('logout revokes the token; /me answers the manager object', async () => {
    const token = await adminToken(t);
    const me = await req('GET', '/admin/api/me', token);
    expect(Object.keys(me.body.data).sort()).toEqual(['app_ids', 'created_at', 'id', 'role', 'totp_enabled', 'updated_at', 'username']);
    expect((await req('POST', '/admin/api/auth/logout', token)).body.code).toBe(0);
    expect((await req('GET', '/admin/api/me', token)).body.code).toBe(10004);
  });

  it('keeps user and manager tokens apart (10004 both ways)', async () => {
    const u = await registerUser(t);
    expect((await req('GET', '/admin/api/me', u.accessToken)).body.code).toBe(10004);
    expect((await req('GET', '/api/personal/info', root)).body.code).toBe(10004);
  });
});

describe('/admin/api/managers', () => {
  let opId: number;
  let opToken: string;

  it('creates an operator limited to its apps', async () => {
    const res = await req('POST', '/admin/api/managers', root, {
      username: 'op1',
      password: 'op1-password',
      role: 'operator',
      app_ids: ['app1'],
    });
    expect(res.body.data).toMatchObject({ username: 'op1', role: 'operator', app_ids: ['app1'] });
    opId = res.body.data.id;
    opToken = await adminToken(t, 'op1', 'op1-password');
  });

  it.each([
    [{ username: 'op1', password: 'another-password' }, 10009],
    [{ username: 'x', password: 'short' }, 10005],
    [{ username: 'bad name', password: 'long-enough' }, 10005],
    [{ username: 'y', password: 'long-enough', role: 'root' }, 10005],
    [{ username: 'z', password: 'long-enough', app_ids: ['nope'] }, 10005],
  ])('refuses %j with %i', async (payload, code) => {
    expect((await req('POST', '/admin/api/managers', root, payload)).body.code).toBe(code);
  });

  it('lets an operator act only in its apps and never on super-only routes', async () => {
    const cases: [string, string, Record<string, string>, number][] = [
      ['GET', '/admin/api/faq', { 'x-app-id': 'app1' }, 0],
      ['GET', '/admin/api/faq', { 'x-app-id': 'app2' }, 10003],
      ['GET', '/admin/api/faq', {}, 10003],
      ['GET', '/admin/api/users', { 'x-app-id': 'app1' }, 0],
      ['GET', '/admin/api/managers', { 'x-app-id': 'app1' }, 10003],
      ['GET', '/admin/api/apps', {}, 10003],
      ['GET', '/admin/api/me', { 'x-app-id': 'app2' }, 0],
    ];
    for (const [method, url, headers, code] of cases) {
      const res = await req(method as 'GET', url, opToken, undefined, headers);
      expect(res.body.code, `${url} ${JSON.stringify(headers)}`).toBe(code);
    }
  });

  it('updates app_ids; a password change ends the manager’s sessions', async () => {
    const upd = await req('PUT', `/admin/api/managers/${opId}`, root, { app_ids: ['app1', 'app2'] });
    expect(upd.body.data.app_ids).toEqual(['app1', 'app2']);
    expect((await req('GET', '/admin/api/faq', opToken, undefined, { 'x-app-id': 'app2' })).body.code).toBe(0);
    await req('PUT', `/admin/api/managers/${opId}`, root, { password: 'new-op-password' });
    expect((await req('GET', '/admin/api/me', opToken)).body.code).toBe(10004);
    opToken = await adminToken(t, 'op1', 'new-op-password');
  });

  it('refuses deleting yourself and the last super; deletes others', async () => {
    const me = (await req('GET', '/admin/api/me', root)).body.data;
    expect((await req('DELETE', `/admin/api/managers/${me.id}`, root)).body.code).toBe(10005);
    expect((await req('PUT', `/admin/api/managers/${me.id}`, root, { role: 'operator' })).body.code).toBe(10005);
    const other = await req('POST', '/admin/api/managers', root, { username: 'temp', password: 'temp-password', role: 'super' });
    expect((await req('DELETE', `/admin/api/managers/${other.body.data.id}`, root)).body.code).toBe(0);
    expect((await req('DELETE', `/admin/api/managers/${other.body.data.id}`, root)).body.code).toBe(10001);
    expect((await req('DELETE', `/admin/api/managers/${opId}`, opToken)).body.code).toBe(10003);
  });

  it('lists managers and records every write in the audit trail', async () => {
    const list = await req('GET', '/admin/api/managers', root);
    expect(list.body.data.data.map((m: { username: string }) => m.username)).toContain('op1');
    const audit = await req('GET', '/admin/api/audit?action=manager.create', root);
    expect(audit.body.data.total).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit.body.data)).not.toMatch(/password-/);
  });
});
