import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;
let alice: { token: string; id: number };
let bob: { token: string; id: number };
const ids: Record<string, number> = {};

async function user(headers: Record<string, string> = {}) {
  const u = await registerUser(t, undefined, undefined, headers);
  const me = await t.request({ method: 'GET', url: '/api/personal/info', headers: { ...auth(u.accessToken), ...headers } });
  return { token: u.accessToken, id: me.body.data.id as number };
}

async function push(name: string, payload: object, headers: Record<string, string> = {}) {
  const res = await t.request({ method: 'POST', url: '/admin/api/push', headers: { ...auth(admin), ...headers }, payload });
  expect(res.body.code).toBe(0);
  ids[name] = res.body.data.id;
  await t.container.pushDelivery.deliverDue('test');
}

const get = (url: string, token: string, headers: Record<string, string> = {}) =>
  t.request({ method: 'GET', url, headers: { ...auth(token), ...headers } });

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  await createApp(t, 'other');
  alice = await user();
  bob = await user();
  await t.request({
    method: 'POST',
    url: '/api/push/bind',
    headers: auth(alice.token),
    payload: { client_id: 'alice-phone', client_type: 'android' },
  });
  await push('all', { push_title: 'To all', push_body: 'b', push_scope: 0 });
  await push('android', { push_title: 'Android', push_body: 'b', push_scope: 1 });
  await push('ios', { push_title: 'iOS', push_body: 'b', push_scope: 2 });
  await push('bob', { push_title: 'For Bob', push_body: 'b', push_scope: 3, user_ids: [bob.id] });
  await push('otherApp', { push_title: 'Other', push_body: 'b', push_scope: 0 }, { 'x-app-id': 'other' });
  const later = new Date(t.clock.now() + 86400_000).toISOString().slice(0, 19).replace('T', ' ');
  await push('pending', { push_title: 'Later', push_body: 'b', push_scope: 0, send_at: later });
});
afterAll(() => t.close());

describe('GET /api/push/log', () => {
  it('shows sent messages addressed to the user, newest first, with the seed keys', async () => {
    const a = await get('/api/push/log', alice.token);
    expect(a.body.data.data.map((m: { id: number }) => m.id)).toEqual([ids.android, ids.all]);
    expect(Object.keys(a.body.data.data[0]).sort()).toEqual(
      ['app_id', 'created_at', 'id', 'manager_id', 'push_body', 'push_scope', 'push_status', 'push_title', 'updated_at'].sort(),
    );
    expect(a.body.data.data[0].push_status).toBe(1);
    const b = await get('/api/push/log', bob.token);
    expect(b.body.data.data.map((m: { id: number }) => m.id)).toEqual([ids.bob, ids.all]);
  });
});

describe('GET /api/push/log/{id}', () => {
  it('answers a visible message, else 10001 (another user’s, pending, other app)', async () => {
    expect((await get(`/api/push/log/${ids.all}`, alice.token)).body.data.push_title).toBe('To all');
    for (const id of [ids.bob, ids.pending, ids.otherApp, ids.ios, 999999]) {
      const res = await get(`/api/push/log/${id}`, alice.token);
      expect(res.body.code, String(id)).toBe(10001);
    }
  });
});

describe('GET /api/message/count', () => {
  it('counts visible push messages not in push_ids, in every accepted form', async () => {
    const forms: [string, number][] = [
      ['push_ids=', 2],
      [`push_ids=${ids.all}`, 1],
      [`push_ids=${ids.all},${ids.android}`, 0],
      [`push_ids=${ids.all}&push_ids=${ids.android}`, 0],
      [`push_ids=${encodeURIComponent(`[${ids.all},${ids.android}]`)}`, 0],
      [`push_ids=${encodeURIComponent(`[${ids.android}]`)}`, 1],
      [`push_ids=${ids.bob}`, 2],
    ];
    for (const [qs, expected] of forms) {
      const res = await get(`/api/message/count?${qs}`, alice.token);
      expect(res.body.code, qs).toBe(0);
      expect(res.body.data, qs).toEqual({ push_count: expected, feedback_count: 0 });
    }
  });

  it.each(['', 'push_ids=abc', 'push_ids=1,x', 'push_ids=%5B1%2C', 'push_ids=-1', 'push_ids=%7B%7D'])(
    'refuses "%s" with 10005',
    async (qs) => {
      const res = await get(`/api/message/count?${qs}`, alice.token);
      expect(res.body.code).toBe(10005);
    },
  );

  it('counts unread operator replies on the user’s own feedback', async () => {
    const fb = await t.request({ method: 'POST', url: '/api/feedback', headers: auth(bob.token), payload: { feedback_content: 'hi' } });
    await t.request({
      method: 'POST',
      url: `/admin/api/feedback/${fb.body.data.id}/reply`,
      headers: auth(admin),
      payload: { reply_content: 'hello' },
    });
    expect((await get('/api/message/count?push_ids=', bob.token)).body.data.feedback_count).toBe(1);
    expect((await get('/api/message/count?push_ids=', alice.token)).body.data.feedback_count).toBe(0);
    await get(`/api/feedback/reply/${fb.body.data.id}`, bob.token);
    expect((await get('/api/message/count?push_ids=', bob.token)).body.data.feedback_count).toBe(0);
  });
});

describe('DELETE /api/push/log/delete', () => {
  it('removes the body ids from this user’s inbox only', async () => {
    const res = await t.request({
      method: 'DELETE',
      url: '/api/push/log/delete',
      headers: auth(alice.token),
      payload: { ids: [ids.android] },
    });
    expect(res.body).toEqual({ code: 0, message: 'success', data: {} });
    expect((await get('/api/push/log', alice.token)).body.data.data.map((m: { id: number }) => m.id)).toEqual([ids.all]);
    expect((await get(`/api/push/log/${ids.android}`, alice.token)).body.code).toBe(10001);
    expect((await get('/api/message/count?push_ids=', alice.token)).body.data.push_count).toBe(1);
    expect((await get('/api/push/log', bob.token)).body.data.total).toBe(2);
  });

  it('takes ids from the query string too, and ignores ids the user cannot see', async () => {
    const res = await t.request({ method: 'DELETE', url: `/api/push/log/delete?ids=${ids.bob},${ids.otherApp}`, headers: auth(bob.token) });
    expect(res.body.code).toBe(0);
    expect((await get('/api/push/log', bob.token)).body.data.data.map((m: { id: number }) => m.id)).toEqual([ids.all]);
    const otherUser = await user({ 'x-app-id': 'other' });
    expect((await get('/api/push/log', otherUser.token, { 'x-app-id': 'other' })).body.data.total).toBe(1);
  });

  it('with no ids, removes every message visible now, but not later ones', async () => {
    const res = await t.request({ method: 'DELETE', url: '/api/push/log/delete', headers: auth(bob.token) });
    expect(res.body.code).toBe(0);
    expect((await get('/api/push/log', bob.token)).body.data.total).toBe(0);
    await push('after', { push_title: 'After', push_body: 'b', push_scope: 0 });
    expect((await get('/api/push/log', bob.token)).body.data.data.map((m: { id: number }) => m.id)).toEqual([ids.after]);
  });

  it('takes an empty JSON body as no ids: removes every message visible now', async () => {
    const carol = await user();
    expect((await get('/api/push/log', carol.token)).body.data.total).toBeGreaterThan(0);
    for (const payload of ['', ' \n']) {
      const res = await t.request({
        method: 'DELETE',
        url: '/api/push/log/delete',
        headers: { ...auth(carol.token), 'content-type': 'application/json' },
        payload,
      });
      expect(res.body, JSON.stringify(payload)).toEqual({ code: 0, message: 'success', data: {} });
    }
    expect((await get('/api/push/log', carol.token)).body.data.total).toBe(0);
  });

  it('refuses malformed ids with 10005', async () => {
    const res = await t.request({ method: 'DELETE', url: '/api/push/log/delete?ids=a,b', headers: auth(bob.token) });
    expect(res.body.code).toBe(10005);
    const body = await t.request({ method: 'DELETE', url: '/api/push/log/delete', headers: auth(bob.token), payload: { ids: ['x'] } });
    expect(body.body.code).toBe(10005);
  });
});
