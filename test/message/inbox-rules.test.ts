/**
 * Who sees which push message, fixed when delivery is planned: scope 1/2 the users with
 * such a device then (switched off or not), scope 3 the listed users of the app; and the
 * unread feedback counter's edges. Also pagination and auth of the inbox routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;
interface U {
  token: string;
  id: number;
}

async function user(headers: Record<string, string> = {}): Promise<U> {
  const u = await registerUser(t, undefined, undefined, headers);
  const me = await t.request({ method: 'GET', url: '/api/personal/info', headers: { ...auth(u.accessToken), ...headers } });
  return { token: u.accessToken, id: me.body.data.id as number };
}

async function bind(u: U, clientId: string, clientType: string) {
  const res = await t.request({
    method: 'POST',
    url: '/api/push/bind',
    headers: auth(u.token),
    payload: { client_id: clientId, client_type: clientType },
  });
  expect(res.body.code).toBe(0);
}

async function sendPush(payload: object): Promise<number> {
  const res = await t.request({ method: 'POST', url: '/admin/api/push', headers: auth(admin), payload });
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  await t.container.pushDelivery.deliverDue('test');
  return res.body.data.id as number;
}

const get = (url: string, u: U) => t.request({ method: 'GET', url, headers: auth(u.token) });
const inbox = async (u: U) => (await get('/api/push/log?page_size=100', u)).body.data.data.map((m: { id: number }) => m.id) as number[];

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  await createApp(t, 'other');
});
afterAll(() => t.close());

describe('push inbox visibility', () => {
  it('scope 1 reaches the users with an android device when planned, even switched off; later devices do not count', async () => {
    const owner = await user();
    const off = await user();
    const late = await user();
    await bind(owner, 'vis-a', 'android');
    await bind(off, 'vis-off', 'android');
    await t.request({ method: 'PUT', url: '/api/push/switch/vis-off', headers: auth(off.token), payload: { switch: false } });
    const id = await sendPush({ push_title: 'Android', push_body: '', push_scope: 1 });
    await bind(late, 'vis-late', 'android');
    // The device moves to `late` afterwards: `owner` keeps the message, `late` does not get it.
    await bind(late, 'vis-a', 'android');
    expect(await inbox(owner)).toContain(id);
    expect(await inbox(off)).toContain(id);
    expect(await inbox(late)).not.toContain(id);
    expect((await get(`/api/push/log/${id}`, late)).body.code).toBe(10001);
  });

  it('scope 2 does not reach android-only users', async () => {
    const a = await user();
    const i = await user();
    await bind(a, 'only-a', 'android');
    await bind(i, 'only-i', 'ios');
    const id = await sendPush({ push_title: 'iOS', push_body: '', push_scope: 2 });
    expect(await inbox(i)).toContain(id);
    expect(await inbox(a)).not.toContain(id);
  });

  it('scope 3 reaches listed users with or without a device, never a listed user of another app', async () => {
    const listed = await user();
    const unlisted = await user();
    const foreign = await user({ 'x-app-id': 'other' });
    const id = await sendPush({ push_title: 'Listed', push_body: '', push_scope: 3, user_ids: [listed.id, foreign.id] });
    expect(await inbox(listed)).toContain(id);
    expect(await inbox(unlisted)).not.toContain(id);
    const theirs = await t.request({ method: 'GET', url: '/api/push/log', headers: { ...auth(foreign.token), 'x-app-id': 'other' } });
    expect(theirs.body.data.total).toBe(0);
  });

  it('scope 0 reaches users who registered after it was sent; canceled and failed messages reach nobody', async () => {
    const id = await sendPush({ push_title: 'Everyone', push_body: '', push_scope: 0 });
    const newcomer = await user();
    expect(await inbox(newcomer)).toContain(id);
    const scheduled = await t.request({
      method: 'POST',
      url: '/admin/api/push',
      headers: auth(admin),
      payload: { push_title: 'Canceled', push_body: '', push_scope: 0, send_at: '2099-01-01 00:00:00' },
    });
    await t.request({ method: 'POST', url: `/admin/api/push/${scheduled.body.data.id}/cancel`, headers: auth(admin) });
    await t.container.database.db.updateTable('push_messages').set({ push_status: 2 }).where('id', '=', id).execute();
    expect(await inbox(newcomer)).not.toContain(id);
    expect(await inbox(newcomer)).not.toContain(scheduled.body.data.id);
    await t.container.database.db.updateTable('push_messages').set({ push_status: 1 }).where('id', '=', id).execute();
  });

  it('one user deleting a message leaves it in everyone else’s inbox', async () => {
    const a = await user();
    const b = await user();
    const id = await sendPush({ push_title: 'Shared', push_body: '', push_scope: 0 });
    const del = await t.request({ method: 'DELETE', url: `/api/push/log/delete?ids=${id}`, headers: auth(a.token) });
    expect(del.body.code).toBe(0);
    expect(await inbox(a)).not.toContain(id);
    expect(await inbox(b)).toContain(id);
    const count = (u: U) => get(`/api/message/count?push_ids=`, u);
    expect((await count(b)).body.data.push_count - (await count(a)).body.data.push_count).toBe(1);
  });
});

describe('GET /api/push/log paging and auth', () => {
  it('pages the inbox as the contract says', async () => {
    const u = await user();
    await sendPush({ push_title: 'One more', push_body: '', push_scope: 0 });
    const total = (await get('/api/push/log', u)).body.data.total as number;
    expect(total).toBeGreaterThan(2);
    const page = (await get('/api/push/log?page_no=2&page_size=2', u)).body.data;
    expect(page).toMatchObject({ total, pages: Math.ceil(total / 2), current_page: 2, page_size: 2 });
    expect(page.data).toHaveLength(Math.min(2, total - 2));
    expect((await get('/api/push/log?page_size=500', u)).body.data.page_size).toBe(100);
    for (const qs of ['page_no=0', 'page_size=0', 'page_no=1.5']) {
      expect((await get(`/api/push/log?${qs}`, u)).body.code, qs).toBe(10005);
    }
    expect((await get('/api/push/log/abc', u)).body.code).toBe(10005);
  });

  it.each([
    ['GET', '/api/push/log'],
    ['GET', '/api/push/log/1'],
    ['DELETE', '/api/push/log/delete'],
    ['GET', '/api/message/count?push_ids='],
  ] as const)('%s %s answers 10004 without a token', async (method, url) => {
    const res = await t.request({ method, url });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(10004);
  });
});

describe('GET /api/message/count feedback_count', () => {
  it('counts unread replies on the user’s live feedback only, in this app', async () => {
    const u = await user();
    const count = async () => (await get('/api/message/count?push_ids=', u)).body.data.feedback_count as number;
    const feedback = async () =>
      (await t.request({ method: 'POST', url: '/api/feedback', headers: auth(u.token), payload: { feedback_content: 'help' } })).body.data
        .id as number;
    const reply = (id: number, headers: Record<string, string> = {}) =>
      t.request({
        method: 'POST',
        url: `/admin/api/feedback/${id}/reply`,
        headers: { ...auth(admin), ...headers },
        payload: { reply_content: 'ok' },
      });
    const kept = await feedback();
    const deleted = await feedback();
    expect(await count()).toBe(0);
    await reply(kept);
    await reply(kept);
    await reply(deleted);
    expect(await count()).toBe(3);
    await t.request({ method: 'DELETE', url: `/api/feedback/${deleted}`, headers: auth(u.token) });
    expect(await count()).toBe(2);
    // Reading the latest reply marks that feedback's replies read (the feedback module's rule).
    await get(`/api/feedback/reply/${kept}`, u);
    expect(await count()).toBe(0);
    await reply(kept);
    expect(await count()).toBe(1);
  });
});
