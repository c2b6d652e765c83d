/** The operator push API: shapes, pagination, who may call it, audit and app isolation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;
let operator: string;

const PUSH_KEYS = [
  'id',
  'app_id',
  'created_at',
  'updated_at',
  'push_title',
  'push_body',
  'push_scope',
  'user_ids',
  'send_at',
  'manager_id',
  'push_status',
  'targeted',
  'sent',
  'failed',
  'skipped',
  // SPEC section 8: the optional custom data, {} when none.
  'extras',
];

const post = (payload: object, token = admin, headers: Record<string, string> = {}) =>
  t.request({ method: 'POST', url: '/admin/api/push', headers: { ...auth(token), ...headers }, payload });
const get = (url: string, token = admin, headers: Record<string, string> = {}) =>
  t.request({ method: 'GET', url, headers: { ...auth(token), ...headers } });

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  await createApp(t, 'other');
  const created = await t.request({
    method: 'POST',
    url: '/admin/api/managers',
    headers: auth(admin),
    payload: { username: 'op-other', password: 'operator-password', role: 'operator', app_ids: ['other'] },
  });
  expect(created.body.code, JSON.stringify(created.body)).toBe(0);
  operator = await adminToken(t, 'op-other', 'operator-password');
});
afterAll(() => t.close());

describe('POST /admin/api/push', () => {
  it('answers the push message with exactly the contract keys, pending, by this manager', async () => {
    const me = await get('/admin/api/me');
    const res = await post({ push_title: ' Hi ', push_body: 'Body', push_scope: 3, user_ids: [5, 5, 7] });
    expect(res.body.code).toBe(0);
    expect(Object.keys(res.body.data).sort()).toEqual([...PUSH_KEYS].sort());
    expect(res.body.data).toMatchObject({
      app_id: '',
      push_title: 'Hi',
      push_body: 'Body',
      push_scope: 3,
      user_ids: [5, 7],
      send_at: '',
      manager_id: me.body.data.id,
      push_status: 0,
      targeted: 0,
      sent: 0,
      failed: 0,
      skipped: 0,
    });
  });

  it('records the write in the audit log, in the app it happened in', async () => {
    const res = await post({ push_title: 'Audited', push_body: '', push_scope: 0 }, admin, { 'x-app-id': 'other' });
    const row = await t.container.database.db
      .selectFrom('audit_logs')
      .selectAll()
      .where('action', '=', 'push.create')
      .where('target_id', '=', String(res.body.data.id))
      .executeTakeFirstOrThrow();
    expect(row.app_id).toBe('other');
    expect(row.manager_id).toBe(res.body.data.manager_id);
  });

  it('a send_at in the past is delivered at the next run', async () => {
    const res = await post({ push_title: 'Past', push_body: '', push_scope: 0, send_at: '2020-01-01 00:00:00' });
    expect(res.body.data.send_at).toBe('2020-01-01 00:00:00');
    await t.container.pushDelivery.deliverDue('w');
    expect((await get(`/admin/api/push/${res.body.data.id}`)).body.data.push_status).toBe(1);
  });

  it.each([
    ['missing title', { push_body: '', push_scope: 0 }],
    ['blank title', { push_title: '   ', push_body: '', push_scope: 0 }],
    ['scope 3 without user_ids', { push_title: 'x', push_body: '', push_scope: 3 }],
    ['scope 3 with no user_ids', { push_title: 'x', push_body: '', push_scope: 3, user_ids: [] }],
    ['a user id that is no id', { push_title: 'x', push_body: '', push_scope: 3, user_ids: [0] }],
    ['send_at on a day that does not exist', { push_title: 'x', push_body: '', push_scope: 0, send_at: '2026-02-30 10:00:00' }],
    ['send_at in another form', { push_title: 'x', push_body: '', push_scope: 0, send_at: '2026-02-01T10:00:00' }],
  ])('refuses %s with 10005 and creates nothing', async (_name, payload) => {
    const before = (await get('/admin/api/push')).body.data.total;
    const res = await post(payload);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
    expect((await get('/admin/api/push')).body.data.total).toBe(before);
  });
});

describe('who may use /admin/api/push', () => {
  it('answers 10004 without a token and with an app user’s token', async () => {
    const user = await registerUser(t);
    for (const headers of [{}, auth(user.accessToken)]) {
      const res = await t.request({ method: 'GET', url: '/admin/api/push', headers });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe(10004);
    }
  });

  it('answers 10003 to an operator outside its apps, and serves it in them', async () => {
    expect((await post({ push_title: 'x', push_body: '', push_scope: 0 }, operator)).body.code).toBe(10003);
    expect((await get('/admin/api/push', operator)).body.code).toBe(10003);
    const inOwn = await post({ push_title: 'Mine', push_body: '', push_scope: 0 }, operator, { 'x-app-id': 'other' });
    expect(inOwn.body.code).toBe(0);
    expect(inOwn.body.data.app_id).toBe('other');
  });

  it('answers 10005 for an unknown app', async () => {
    expect((await get('/admin/api/push', admin, { 'x-app-id': 'nope' })).body.code).toBe(10005);
  });
});

describe('GET /admin/api/push', () => {
  it('pages newest first within the app only', async () => {
    for (const title of ['p1', 'p2', 'p3']) await post({ push_title: title, push_body: '', push_scope: 0 });
    const all = (await get('/admin/api/push?page_size=100')).body.data;
    expect(all.data.every((m: { app_id: string }) => m.app_id === '')).toBe(true);
    const ids = all.data.map((m: { id: number }) => m.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    const page2 = (await get('/admin/api/push?page_no=2&page_size=2')).body.data;
    expect(page2).toMatchObject({ total: all.total, pages: Math.ceil(all.total / 2), current_page: 2, page_size: 2 });
    expect(page2.data.map((m: { id: number }) => m.id)).toEqual(ids.slice(2, 4));
    expect((await get('/admin/api/push?page_size=1000')).body.data.page_size).toBe(100);
  });

  it.each(['page_no=0', 'page_size=-1', 'page_no=x'])('refuses %s with 10005', async (qs) => {
    expect((await get(`/admin/api/push?${qs}`)).body.code).toBe(10005);
  });
});

describe('GET /admin/api/push/{id} and POST /admin/api/push/{id}/cancel', () => {
  it('answers 10001 for another app’s push, on read and cancel, and cancels nothing', async () => {
    const theirs = (
      await post({ push_title: 'Theirs', push_body: '', push_scope: 0, send_at: '2099-01-01 00:00:00' }, operator, {
        'x-app-id': 'other',
      })
    ).body.data;
    expect((await get(`/admin/api/push/${theirs.id}`)).body.code).toBe(10001);
    const cancel = await t.request({ method: 'POST', url: `/admin/api/push/${theirs.id}/cancel`, headers: auth(admin) });
    expect(cancel.body.code).toBe(10001);
    expect((await get(`/admin/api/push/${theirs.id}`, operator, { 'x-app-id': 'other' })).body.data.push_status).toBe(0);
  });

  it('answers 10001 for ids that name no push, 10005 for ids that are not numbers', async () => {
    for (const id of ['999999', '99999999999']) {
      expect((await get(`/admin/api/push/${id}`)).body.code).toBe(10001);
      expect((await t.request({ method: 'POST', url: `/admin/api/push/${id}/cancel`, headers: auth(admin) })).body.code).toBe(10001);
    }
    expect((await get('/admin/api/push/abc')).body.code).toBe(10005);
  });

  it('cancels a pending push: the answer and the audit log show it', async () => {
    const p = (await post({ push_title: 'Cancel me', push_body: '', push_scope: 0, send_at: '2099-01-01 00:00:00' })).body.data;
    const res = await t.request({ method: 'POST', url: `/admin/api/push/${p.id}/cancel`, headers: auth(admin) });
    expect(res.body.code).toBe(0);
    expect(Object.keys(res.body.data).sort()).toEqual([...PUSH_KEYS].sort());
    expect(res.body.data).toMatchObject({ id: p.id, push_status: 3 });
    const audit = await t.container.database.db
      .selectFrom('audit_logs')
      .select('action')
      .where('target_id', '=', String(p.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['push.create', 'push.cancel']);
  });

  it('refuses to cancel once delivery has started (10005)', async () => {
    const p = (await post({ push_title: 'Started', push_body: '', push_scope: 0 })).body.data;
    // Another worker holds it right now.
    expect(await t.container.pushDelivery['messages'].claim(p.id, 'busy-worker', t.clock.now(), 60_000)).toBe(true);
    const res = await t.request({ method: 'POST', url: `/admin/api/push/${p.id}/cancel`, headers: auth(admin) });
    expect(res.body.code).toBe(10005);
  });
});
