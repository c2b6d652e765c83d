import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;
let alice: string;
let bob: string;
let categoryId: number;

async function post(url: string, token: string, payload: unknown, headers: Record<string, string> = {}) {
  return t.request({ method: 'POST', url, headers: { ...auth(token), ...headers }, payload: payload as object });
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  await createApp(t, 'other');
  alice = (await registerUser(t)).accessToken;
  bob = (await registerUser(t)).accessToken;
  const cat = await post('/admin/api/feedback_category', admin, { name: 'app', description: 'about the app' });
  categoryId = cat.body.data.id;
});
afterAll(() => t.close());

describe('GET /api/feedback_category', () => {
  it('lists the app’s categories with the seed keys; needs a user token', async () => {
    const res = await t.request({ method: 'GET', url: '/api/feedback_category', headers: auth(alice) });
    expect(res.body.data.total).toBe(1);
    expect(Object.keys(res.body.data.data[0]).sort()).toEqual(['app_id', 'created_at', 'description', 'id', 'name', 'updated_at']);
    const anon = await t.request({ method: 'GET', url: '/api/feedback_category' });
    expect(anon.body.code).toBe(10004);
  });
});

describe('POST /api/feedback', () => {
  it('creates feedback with the seed keys', async () => {
    const res = await post('/api/feedback', alice, {
      feedback_content: ' it crashes ',
      feedback_category_id: categoryId,
      contact_phone: '18656660930',
    });
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({
      feedback_content: 'it crashes',
      feedback_status: 0,
      feedback_category_id: categoryId,
      contact_phone: '18656660930',
    });
    expect(Object.keys(res.body.data).sort()).toEqual(
      [
        'app_id',
        'contact_phone',
        'created_at',
        'feedback_category_id',
        'feedback_content',
        'feedback_status',
        'id',
        'updated_at',
        'user_id',
      ].sort(),
    );
  });

  it.each([
    [{}],
    [{ feedback_content: '' }],
    [{ feedback_content: '   ' }],
    [{ feedback_content: 'x'.repeat(2001) }],
    [{ feedback_content: 'ok', feedback_category_id: 999 }],
    [{ feedback_content: 'ok', feedback_category_id: '1' }],
    [{ feedback_content: 'ok', contact_phone: '1'.repeat(33) }],
  ])('refuses %j with 10005', async (body) => {
    const res = await post('/api/feedback', alice, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
  });

  it('refuses a category of another app', async () => {
    const otherCat = await post('/admin/api/feedback_category', admin, { name: 'x' }, { 'x-app-id': 'other' });
    const res = await post('/api/feedback', alice, { feedback_content: 'hi', feedback_category_id: otherCat.body.data.id });
    expect(res.body.code).toBe(10005);
  });
});

describe('GET /api/feedback', () => {
  it('lists only the user’s own feedback, newest first', async () => {
    await post('/api/feedback', bob, { feedback_content: 'first' });
    await post('/api/feedback', bob, { feedback_content: 'second' });
    const res = await t.request({ method: 'GET', url: '/api/feedback', headers: auth(bob) });
    expect(res.body.data.data.map((f: { feedback_content: string }) => f.feedback_content)).toEqual(['second', 'first']);
    const mine = await t.request({ method: 'GET', url: '/api/feedback', headers: auth(alice) });
    expect(mine.body.data.data.every((f: { feedback_content: string }) => !['first', 'second'].includes(f.feedback_content))).toBe(true);
  });
});

describe('DELETE /api/feedback/{id}', () => {
  it('deletes own feedback; another user’s or an unknown id is 10001', async () => {
    const fb = (await post('/api/feedback', alice, { feedback_content: 'to delete' })).body.data;
    const asBob = await t.request({ method: 'DELETE', url: `/api/feedback/${fb.id}`, headers: auth(bob) });
    expect(asBob.status).toBe(404);
    expect(asBob.body.code).toBe(10001);
    const ok = await t.request({ method: 'DELETE', url: `/api/feedback/${fb.id}`, headers: auth(alice) });
    expect(ok.body).toEqual({ code: 0, message: 'success', data: {} });
    const again = await t.request({ method: 'DELETE', url: `/api/feedback/${fb.id}`, headers: auth(alice) });
    expect(again.body.code).toBe(10001);
    const list = await t.request({ method: 'GET', url: '/api/feedback', headers: auth(alice) });
    expect(list.body.data.data.some((f: { id: number }) => f.id === fb.id)).toBe(false);
  });
});

describe('GET /api/feedback/reply/{feedback_id}', () => {
  it('answers the latest reply, is_read before the request, then marks it read', async () => {
    const fb = (await post('/api/feedback', alice, { feedback_content: 'help' })).body.data;
    const none = await t.request({ method: 'GET', url: `/api/feedback/reply/${fb.id}`, headers: auth(alice) });
    expect(none.body.code).toBe(10001);
    await post(`/admin/api/feedback/${fb.id}/reply`, admin, { reply_content: 'first answer' });
    const r2 = await post(`/admin/api/feedback/${fb.id}/reply`, admin, { reply_content: 'second answer' });
    expect(r2.body.data).toMatchObject({ reply_content: 'second answer', feedback_id: fb.id, is_read: false });
    const count0 = await t.request({ method: 'GET', url: '/api/message/count?push_ids=', headers: auth(alice) });
    expect(count0.body.data.feedback_count).toBe(2);
    const first = await t.request({ method: 'GET', url: `/api/feedback/reply/${fb.id}`, headers: auth(alice) });
    expect(first.body.data).toMatchObject({ id: r2.body.data.id, reply_content: 'second answer', is_read: false });
    expect(Object.keys(first.body.data).sort()).toEqual(
      ['app_id', 'created_at', 'feedback_id', 'id', 'is_read', 'manager_id', 'reply_content', 'updated_at'].sort(),
    );
    const second = await t.request({ method: 'GET', url: `/api/feedback/reply/${fb.id}`, headers: auth(alice) });
    expect(second.body.data.is_read).toBe(true);
    const count1 = await t.request({ method: 'GET', url: '/api/message/count?push_ids=', headers: auth(alice) });
    expect(count1.body.data.feedback_count).toBe(0);
    const status = await t.request({ method: 'GET', url: `/admin/api/feedback/${fb.id}`, headers: auth(admin) });
    expect(status.body.data.feedback_status).toBe(1);
    expect(status.body.data.replies).toHaveLength(2);
  });

  it('answers 10001 for another user’s feedback and for deleted feedback', async () => {
    const fb = (await post('/api/feedback', alice, { feedback_content: 'private' })).body.data;
    await post(`/admin/api/feedback/${fb.id}/reply`, admin, { reply_content: 'answer' });
    const asBob = await t.request({ method: 'GET', url: `/api/feedback/reply/${fb.id}`, headers: auth(bob) });
    expect(asBob.body.code).toBe(10001);
    const replyRow = await t.container.database.db
      .selectFrom('feedback_replies')
      .select('is_read')
      .where('feedback_id', '=', fb.id)
      .executeTakeFirstOrThrow();
    expect(replyRow.is_read).toBe(0);
    await t.request({ method: 'DELETE', url: `/api/feedback/${fb.id}`, headers: auth(alice) });
    const hidden = await t.request({ method: 'GET', url: `/api/feedback/reply/${fb.id}`, headers: auth(alice) });
    expect(hidden.body.code).toBe(10001);
  });
});

describe('/admin/api/feedback', () => {
  it('filters by status, category and q, and excludes deleted feedback', async () => {
    const a = (await post('/api/feedback', bob, { feedback_content: 'needle in haystack', feedback_category_id: categoryId })).body.data;
    const byQ = await t.request({ method: 'GET', url: '/admin/api/feedback?q=NEEDLE', headers: auth(admin) });
    expect(byQ.body.data.data.map((f: { id: number }) => f.id)).toEqual([a.id]);
    const byCat = await t.request({ method: 'GET', url: `/admin/api/feedback?category_id=${categoryId}&status=0`, headers: auth(admin) });
    expect(byCat.body.data.data.some((f: { id: number }) => f.id === a.id)).toBe(true);
    const closed = await t.request({
      method: 'PUT',
      url: `/admin/api/feedback/${a.id}`,
      headers: auth(admin),
      payload: { feedback_status: 2 },
    });
    expect(closed.body.data.feedback_status).toBe(2);
    const byStatus = await t.request({ method: 'GET', url: '/admin/api/feedback?status=2', headers: auth(admin) });
    expect(byStatus.body.data.data.map((f: { id: number }) => f.id)).toEqual([a.id]);
    const bad = await t.request({
      method: 'PUT',
      url: `/admin/api/feedback/${a.id}`,
      headers: auth(admin),
      payload: { feedback_status: 5 },
    });
    expect(bad.body.code).toBe(10005);
    const badFilter = await t.request({ method: 'GET', url: '/admin/api/feedback?status=9', headers: auth(admin) });
    expect(badFilter.body.code).toBe(10005);
  });

  it('answers 10001 for unknown or other-app feedback and refuses empty replies', async () => {
    expect((await t.request({ method: 'GET', url: '/admin/api/feedback/999999', headers: auth(admin) })).body.code).toBe(10001);
    const fb = (await post('/api/feedback', alice, { feedback_content: 'x' })).body.data;
    const cross = await t.request({ method: 'GET', url: `/admin/api/feedback/${fb.id}`, headers: { ...auth(admin), 'x-app-id': 'other' } });
    expect(cross.body.code).toBe(10001);
    expect((await post(`/admin/api/feedback/${fb.id}/reply`, admin, { reply_content: '  ' })).body.code).toBe(10005);
    expect((await post('/admin/api/feedback/999999/reply', admin, { reply_content: 'x' })).body.code).toBe(10001);
  });

  it('manages categories with audit entries', async () => {
    const c = await post('/admin/api/feedback_category', admin, { name: 'billing' });
    expect(c.body.data).toMatchObject({ name: 'billing', description: '' });
    const u = await t.request({
      method: 'PUT',
      url: `/admin/api/feedback_category/${c.body.data.id}`,
      headers: auth(admin),
      payload: { description: 'money' },
    });
    expect(u.body.data).toMatchObject({ name: 'billing', description: 'money' });
    const d = await t.request({ method: 'DELETE', url: `/admin/api/feedback_category/${c.body.data.id}`, headers: auth(admin) });
    expect(d.body.code).toBe(0);
    const again = await t.request({ method: 'DELETE', url: `/admin/api/feedback_category/${c.body.data.id}`, headers: auth(admin) });
    expect(again.body.code).toBe(10001);
    expect((await post('/admin/api/feedback_category', admin, {})).body.code).toBe(10005);
    const actions = await t.container.database.db
      .selectFrom('audit_logs')
      .select('action')
      .where('target_type', '=', 'feedback_category')
      .where('target_id', '=', String(c.body.data.id))
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'feedback_category.create',
      'feedback_category.delete',
      'feedback_category.update',
    ]);
  });
});
