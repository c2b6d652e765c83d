import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let alice: string;
let bob: string;

beforeAll(async () => {
  t = await buildTestApp({ env: { PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: 'http://127.0.0.1:9/' } });
  await createApp(t, 'other');
  alice = (await registerUser(t)).accessToken;
  bob = (await registerUser(t)).accessToken;
});
afterAll(() => t.close());

const bind = (token: string, payload: object, headers: Record<string, string> = {}) =>
  t.request({ method: 'POST', url: '/api/push/bind', headers: { ...auth(token), ...headers }, payload });

describe('POST /api/push/bind', () => {
  it('answers the binding with the seed keys and switch on', async () => {
    const res = await bind(alice, { client_id: 'dev-a1', client_type: 'android' });
    expect(res.body.code).toBe(0);
    expect(Object.keys(res.body.data).sort()).toEqual(
      ['app_id', 'client_id', 'client_type', 'created_at', 'id', 'switch', 'updated_at', 'user_id'].sort(),
    );
    expect(res.body.data).toMatchObject({ client_id: 'dev-a1', client_type: 'android', switch: true, app_id: '' });
    const row = await t.container.database.db
      .selectFrom('push_bindings')
      .select('provider')
      .where('client_id', '=', 'dev-a1')
      .executeTakeFirstOrThrow();
    expect(row.provider).toBe('webhook');
  });

  it('moves a client id already bound in the app to the current user', async () => {
    const first = await bind(alice, { client_id: 'shared-dev', client_type: 'ios' });
    const moved = await bind(bob, { client_id: 'shared-dev', client_type: 'ios' });
    expect(moved.body.data.id).toBe(first.body.data.id);
    expect(moved.body.data.user_id).not.toBe(first.body.data.user_id);
    expect((await t.request({ method: 'GET', url: '/api/push/switch/shared-dev', headers: auth(alice) })).body.code).toBe(10001);
    expect((await t.request({ method: 'GET', url: '/api/push/switch/shared-dev', headers: auth(bob) })).body.code).toBe(0);
  });

  it('keeps the switch when the same user binds again, switches on a device moved to another user', async () => {
    await bind(alice, { client_id: 'relaunch', client_type: 'android' });
    await t.request({ method: 'PUT', url: '/api/push/switch/relaunch', headers: auth(alice), payload: { switch: false } });
    const again = await bind(alice, { client_id: 'relaunch', client_type: 'android' });
    expect(again.body.data.switch).toBe(false);
    const moved = await bind(bob, { client_id: 'relaunch', client_type: 'android' });
    expect(moved.body.data.switch).toBe(true);
  });

  it('takes an explicit provider', async () => {
    await bind(alice, { client_id: 'fcm-dev', client_type: 'android', provider: 'fcm' });
    const row = await t.container.database.db
      .selectFrom('push_bindings')
      .select('provider')
      .where('client_id', '=', 'fcm-dev')
      .executeTakeFirstOrThrow();
    expect(row.provider).toBe('fcm');
  });

  it.each([
    [{ client_type: 'android' }],
    [{ client_id: '', client_type: 'android' }],
    [{ client_id: '   ', client_type: 'android' }],
    [{ client_id: 'x', client_type: 'windows' }],
    [{ client_id: 'x', client_type: 'android', provider: 'pigeon' }],
    [{ client_id: 'x'.repeat(256), client_type: 'ios' }],
  ])('refuses %j with 10005', async (payload) => {
    expect((await bind(alice, payload)).body.code).toBe(10005);
  });

  it('needs a user token', async () => {
    const res = await t.request({ method: 'POST', url: '/api/push/bind', payload: { client_id: 'x', client_type: 'ios' } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(10004);
  });

  it('keeps bindings apart per app', async () => {
    const other = await registerUser(t, undefined, undefined, { 'x-app-id': 'other' });
    const res = await bind(other.accessToken, { client_id: 'dev-a1', client_type: 'android' }, { 'x-app-id': 'other' });
    expect(res.body.data.app_id).toBe('other');
    const mine = await t.request({ method: 'GET', url: '/api/push/switch/dev-a1', headers: auth(alice) });
    expect(mine.body.data.user_id).not.toBe(res.body.data.user_id);
  });
});

describe('GET and PUT /api/push/switch/{client_id}', () => {
  it('trims the client id as bind does; a blank one is 10005', async () => {
    const bound = await bind(alice, { client_id: '  sw-trim  ', client_type: 'android' });
    expect(bound.body.data.client_id).toBe('sw-trim');
    const url = '/api/push/switch/%20sw-trim%20';
    expect((await t.request({ method: 'PUT', url, headers: auth(alice), payload: { switch: false } })).body.code).toBe(0);
    const got = await t.request({ method: 'GET', url, headers: auth(alice) });
    expect(got.body.data).toMatchObject({ client_id: 'sw-trim', switch: false });
    for (const [method, payload] of [
      ['GET', undefined],
      ['PUT', { switch: true }],
    ] as const) {
      const res = await t.request({ method, url: '/api/push/switch/%20%20', headers: auth(alice), payload });
      expect(res.body.code, method).toBe(10005);
      expect(res.body.data.fields, method).toEqual([{ field: 'client_id', reason: 'must not be blank' }]);
    }
  });

  it('reads and sets the switch of the user’s own device', async () => {
    await bind(alice, { client_id: 'sw-1', client_type: 'android' });
    const off = await t.request({ method: 'PUT', url: '/api/push/switch/sw-1', headers: auth(alice), payload: { switch: false } });
    expect(off.body).toEqual({ code: 0, message: 'success', data: {} });
    const got = await t.request({ method: 'GET', url: '/api/push/switch/sw-1', headers: auth(alice) });
    expect(got.body.data.switch).toBe(false);
  });

  it('answers 10001 for another user’s device or an unknown one, and changes nothing', async () => {
    await bind(alice, { client_id: 'sw-2', client_type: 'ios' });
    for (const [method, payload] of [
      ['GET', undefined],
      ['PUT', { switch: false }],
    ] as const) {
      const res = await t.request({ method, url: '/api/push/switch/sw-2', headers: auth(bob), ...(payload ? { payload } : {}) });
      expect(res.body.code).toBe(10001);
    }
    expect((await t.request({ method: 'GET', url: '/api/push/switch/nope', headers: auth(alice) })).body.code).toBe(10001);
    expect((await t.request({ method: 'GET', url: '/api/push/switch/sw-2', headers: auth(alice) })).body.data.switch).toBe(true);
  });

  it('refuses a non-boolean switch with 10005', async () => {
    const res = await t.request({ method: 'PUT', url: '/api/push/switch/sw-1', headers: auth(alice), payload: { switch: 'false' } });
    expect(res.body.code).toBe(10005);
  });
});
