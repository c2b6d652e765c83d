/** The user's side of feedback: categories, sending, listing, deleting, reading replies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';
import {
  call,
  CATEGORY_KEYS,
  createCategory,
  FEEDBACK_KEYS,
  reply,
  REPLY_KEYS,
  sendFeedback,
  unreadCount,
  userId,
  type Feedback,
} from './fixtures.js';

let t: TestApp;
let admin: string;
let alice: string;
let aliceId: number;
let bob: string;
let carol: string;
let appCategory: number;
let otherCategory: number;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  await createApp(t, 'other');
  alice = (await registerUser(t)).accessToken;
  aliceId = await userId(t, alice);
  bob = (await registerUser(t)).accessToken;
  carol = (await registerUser(t, undefined, undefined, { 'x-app-id': 'other' })).accessToken;
  appCategory = await createCategory(t, admin, 'app');
  otherCategory = await createCategory(t, admin, 'other app category', 'other');
});
afterAll(() => t.close());

describe('GET /api/feedback_category', () => {
  it('lists the app’s categories, oldest first, with the seed keys', async () => {
    const second = await createCategory(t, admin, 'billing');
    const res = await call(t, 'GET', '/api/feedback_category', alice);
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({ total: 2, pages: 1, current_page: 1, page_size: 20 });
    expect(res.body.data.data.map((c: { id: number }) => c.id)).toEqual([appCategory, second]);
    expect(Object.keys(res.body.data.data[0]).sort()).toEqual(CATEGORY_KEYS);
    expect(res.body.data.data[0]).toMatchObject({ name: 'app', description: '', app_id: '' });
  });

  it('paginates: page math, clamping, and 10005 for bad values', async () => {
    expect((await call(t, 'GET', '/api/feedback_category?page_size=1&page_no=2', alice)).body.data).toMatchObject({
      total: 2,
      pages: 2,
      current_page: 2,
      page_size: 1,
    });
    expect((await call(t, 'GET', '/api/feedback_category?page_size=500', alice)).body.data.page_size).toBe(100);
    for (const q of ['page_no=0', 'page_no=abc', 'page_size=0']) {
      expect((await call(t, 'GET', `/api/feedback_category?${q}`, alice)).body.code, q).toBe(10005);
    }
  });

  it('shows each app only its own categories', async () => {
    const res = await call(t, 'GET', '/api/feedback_category', carol, undefined, 'other');
    expect(res.body.data.data.map((c: { id: number }) => c.id)).toEqual([otherCategory]);
  });

  it('answers 10004 without a valid user token (and for a manager token)', async () => {
    for (const token of ['', 'not-a-token', admin]) {
      const res = await call(t, 'GET', '/api/feedback_category', token);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe(10004);
    }
  });
});

describe('POST /api/feedback', () => {
  it('creates feedback with the seed keys, trimmed, pending', async () => {
    const res = await call(t, 'POST', '/api/feedback', alice, {
      feedback_content: '  it crashes  ',
      feedback_category_id: appCategory,
      contact_phone: ' 18656660930 ',
    });
    expect(res.body.code).toBe(0);
    expect(Object.keys(res.body.data).sort()).toEqual(FEEDBACK_KEYS);
    expect(res.body.data).toMatchObject({
      app_id: '',
      feedback_content: 'it crashes',
      feedback_status: 0,
      feedback_category_id: appCategory,
      contact_phone: '18656660930',
      user_id: aliceId,
    });
    expect(res.body.data.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it.each([
    ['absent', {}],
    ['0', { feedback_category_id: 0 }],
    ['null', { feedback_category_id: null }],
  ])('files feedback without a category when the category is %s', async (_name, extra) => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'no category', ...extra });
    expect(fb).toMatchObject({ feedback_category_id: 0, contact_phone: '' });
  });

  it('accepts exactly 2000 characters (counted after trimming, emoji as one) and a 32-character phone', async () => {
    expect((await sendFeedback(t, alice, { feedback_content: 'x'.repeat(2000) })).feedback_content).toHaveLength(2000);
    expect((await sendFeedback(t, alice, { feedback_content: `  ${'y'.repeat(2000)}  ` })).feedback_content).toHaveLength(2000);
    expect((await sendFeedback(t, alice, { feedback_content: '😀'.repeat(2000) })).feedback_content).toBe('😀'.repeat(2000));
    expect((await sendFeedback(t, alice, { feedback_content: 'ok', contact_phone: '1'.repeat(32) })).contact_phone).toHaveLength(32);
  });

  it('ignores fields a client may not set', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'sneaky', user_id: 9999, feedback_status: 2, id: 77777, app_id: 'other' });
    expect(fb).toMatchObject({ user_id: aliceId, feedback_status: 0, app_id: '' });
    expect(fb.id).not.toBe(77777);
  });

  it.each([
    ['no content', {}],
    ['empty content', { feedback_content: '' }],
    ['whitespace-only content', { feedback_content: ' \n\t ' }],
    ['2001 characters', { feedback_content: 'x'.repeat(2001) }],
    ['a numeric content', { feedback_content: 12 }],
    ['an unknown category', { feedback_content: 'ok', feedback_category_id: 999999 }],
    ['an out-of-range category', { feedback_content: 'ok', feedback_category_id: 2147483648 }],
    ['a negative category', { feedback_content: 'ok', feedback_category_id: -1 }],
    ['a string category', { feedback_content: 'ok', feedback_category_id: '1' }],
    ['a fractional category', { feedback_content: 'ok', feedback_category_id: 1.5 }],
    ['a 33-character phone', { feedback_content: 'ok', contact_phone: '1'.repeat(33) }],
    ['a numeric phone', { feedback_content: 'ok', contact_phone: 123 }],
  ])('refuses %s with 10005 and stores nothing', async (_name, body) => {
    const before = (await call(t, 'GET', '/api/feedback', alice)).body.data.total;
    const res = await call(t, 'POST', '/api/feedback', alice, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
    expect((await call(t, 'GET', '/api/feedback', alice)).body.data.total).toBe(before);
  });

  it('refuses a category of another app with 10005, both ways', async () => {
    expect((await call(t, 'POST', '/api/feedback', alice, { feedback_content: 'x', feedback_category_id: otherCategory })).body.code).toBe(
      10005,
    );
    expect(
      (await call(t, 'POST', '/api/feedback', carol, { feedback_content: 'x', feedback_category_id: appCategory }, 'other')).body.code,
    ).toBe(10005);
    const ok = await sendFeedback(t, carol, { feedback_content: 'x', feedback_category_id: otherCategory }, 'other');
    expect(ok).toMatchObject({ app_id: 'other', feedback_category_id: otherCategory });
  });

  it('answers 10004 without a user token', async () => {
    const res = await call(t, 'POST', '/api/feedback', '', { feedback_content: 'x' });
    expect(res.body.code).toBe(10004);
  });
});

describe('GET /api/feedback', () => {
  let dave: string;
  let mine: Feedback[];
  beforeAll(async () => {
    dave = (await registerUser(t)).accessToken;
    mine = [];
    for (const text of ['first', 'second', 'third']) mine.push(await sendFeedback(t, dave, { feedback_content: text }));
    await sendFeedback(t, bob, { feedback_content: 'bob’s' });
  });

  it('lists only the user’s own feedback, newest first', async () => {
    const res = await call(t, 'GET', '/api/feedback', dave);
    expect(res.body.data).toMatchObject({ total: 3, pages: 1, current_page: 1, page_size: 20 });
    expect(res.body.data.data.map((f: Feedback) => f.feedback_content)).toEqual(['third', 'second', 'first']);
    expect(Object.keys(res.body.data.data[0]).sort()).toEqual(FEEDBACK_KEYS);
  });

  it('paginates', async () => {
    const p2 = await call(t, 'GET', '/api/feedback?page_size=2&page_no=2', dave);
    expect(p2.body.data).toMatchObject({ total: 3, pages: 2, current_page: 2, page_size: 2 });
    expect(p2.body.data.data.map((f: Feedback) => f.id)).toEqual([mine[0]!.id]);
    expect((await call(t, 'GET', '/api/feedback?page_size=500', dave)).body.data.page_size).toBe(100);
    for (const q of ['page_no=0', 'page_no=abc', 'page_size=-5']) {
      expect((await call(t, 'GET', `/api/feedback?${q}`, dave)).body.code, q).toBe(10005);
    }
  });

  it('leaves out deleted feedback', async () => {
    await call(t, 'DELETE', `/api/feedback/${mine[1]!.id}`, dave);
    const res = await call(t, 'GET', '/api/feedback', dave);
    expect(res.body.data.data.map((f: Feedback) => f.feedback_content)).toEqual(['third', 'first']);
    expect(res.body.data.total).toBe(2);
  });

  it('keeps apps apart', async () => {
    const res = await call(t, 'GET', '/api/feedback', carol, undefined, 'other');
    expect(res.body.data.data.every((f: Feedback) => f.app_id === 'other')).toBe(true);
    // A user of one app has no token in another: the same token under another X-App-Id is refused.
    expect((await call(t, 'GET', '/api/feedback', carol)).body.code).toBe(10004);
    expect((await call(t, 'GET', '/api/feedback', alice, undefined, 'other')).body.code).toBe(10004);
  });

  it('answers 10004 without a user token', async () => {
    expect((await call(t, 'GET', '/api/feedback', '')).body.code).toBe(10004);
  });
});

describe('DELETE /api/feedback/{id}', () => {
  it('deletes the user’s own feedback and answers {}', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'to delete' });
    const res = await call(t, 'DELETE', `/api/feedback/${fb.id}`, alice);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 0, message: 'success', data: {} });
    const row = await t.container.database.db
      .selectFrom('feedbacks')
      .select('deleted_at')
      .where('id', '=', fb.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
  });

  it('answers 10001 for another user’s feedback and leaves it alone', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'not bob’s' });
    const res = await call(t, 'DELETE', `/api/feedback/${fb.id}`, bob);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 10001, message: 'Data not found', data: {} });
    expect((await call(t, 'GET', '/api/feedback', alice)).body.data.data.some((f: Feedback) => f.id === fb.id)).toBe(true);
  });

  it('answers 10001 across apps, both ways', async () => {
    const mine = await sendFeedback(t, alice, { feedback_content: 'default app' });
    const theirs = await sendFeedback(t, carol, { feedback_content: 'other app' }, 'other');
    expect((await call(t, 'DELETE', `/api/feedback/${theirs.id}`, alice)).body.code).toBe(10001);
    expect((await call(t, 'DELETE', `/api/feedback/${mine.id}`, carol, undefined, 'other')).body.code).toBe(10001);
  });

  it('answers 10001 for unknown, already deleted and out-of-range ids; 10005 for a non-number', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'twice' });
    await call(t, 'DELETE', `/api/feedback/${fb.id}`, alice);
    for (const id of [fb.id, 999999, 2147483648]) {
      expect((await call(t, 'DELETE', `/api/feedback/${id}`, alice)).body.code, String(id)).toBe(10001);
    }
    expect((await call(t, 'DELETE', '/api/feedback/abc', alice)).body.code).toBe(10005);
  });

  it('hides the replies with it: no reply, no unread count, not in the operators’ inbox', async () => {
    const erin = (await registerUser(t)).accessToken;
    const fb = await sendFeedback(t, erin, { feedback_content: 'with replies' });
    await reply(t, admin, fb.id, 'answer');
    expect(await unreadCount(t, erin)).toBe(1);
    await call(t, 'DELETE', `/api/feedback/${fb.id}`, erin);
    expect((await call(t, 'GET', `/api/feedback/reply/${fb.id}`, erin)).body.code).toBe(10001);
    expect(await unreadCount(t, erin)).toBe(0);
    expect((await call(t, 'GET', `/admin/api/feedback/${fb.id}`, admin)).body.code).toBe(10001);
    expect((await call(t, 'POST', `/admin/api/feedback/${fb.id}/reply`, admin, { reply_content: 'late' })).body.code).toBe(10001);
  });

  it('answers 10004 without a user token', async () => {
    expect((await call(t, 'DELETE', '/api/feedback/1', '')).body.code).toBe(10004);
  });
});

describe('GET /api/feedback/reply/{feedback_id}', () => {
  it('answers 10001 while there is no reply', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'waiting' });
    const res = await call(t, 'GET', `/api/feedback/reply/${fb.id}`, alice);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(10001);
  });

  it('answers the latest reply with is_read as before the request, then marks the whole thread read', async () => {
    const frank = (await registerUser(t)).accessToken;
    const fb = await sendFeedback(t, frank, { feedback_content: 'help' });
    await reply(t, admin, fb.id, 'first answer');
    const latest = await reply(t, admin, fb.id, 'second answer');
    expect(await unreadCount(t, frank)).toBe(2);

    const first = await call(t, 'GET', `/api/feedback/reply/${fb.id}`, frank);
    expect(first.body.code).toBe(0);
    expect(Object.keys(first.body.data).sort()).toEqual(REPLY_KEYS);
    expect(first.body.data).toMatchObject({
      id: latest.id,
      reply_content: 'second answer',
      feedback_id: fb.id,
      is_read: false,
      app_id: '',
    });
    expect(first.body.data.manager_id).toBe(latest.manager_id);
    expect(await unreadCount(t, frank)).toBe(0);

    const second = await call(t, 'GET', `/api/feedback/reply/${fb.id}`, frank);
    expect(second.body.data).toMatchObject({ id: latest.id, is_read: true });
    const rows = await t.container.database.db.selectFrom('feedback_replies').select('is_read').where('feedback_id', '=', fb.id).execute();
    expect(rows.map((r) => r.is_read)).toEqual([1, 1]);

    const third = await reply(t, admin, fb.id, 'third answer');
    expect(await unreadCount(t, frank)).toBe(1);
    const next = await call(t, 'GET', `/api/feedback/reply/${fb.id}`, frank);
    expect(next.body.data).toMatchObject({ id: third.id, reply_content: 'third answer', is_read: false });
    expect(await unreadCount(t, frank)).toBe(0);
  });

  it('answers 10001 for another user’s feedback without marking anything read', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'private' });
    await reply(t, admin, fb.id, 'answer');
    const asBob = await call(t, 'GET', `/api/feedback/reply/${fb.id}`, bob);
    expect(asBob.status).toBe(404);
    expect(asBob.body.code).toBe(10001);
    const row = await t.container.database.db
      .selectFrom('feedback_replies')
      .select('is_read')
      .where('feedback_id', '=', fb.id)
      .executeTakeFirstOrThrow();
    expect(row.is_read).toBe(0);
    expect((await call(t, 'GET', `/api/feedback/reply/${fb.id}`, alice)).body.data.is_read).toBe(false);
  });

  it('answers 10001 across apps, both ways', async () => {
    const mine = await sendFeedback(t, alice, { feedback_content: 'default' });
    await reply(t, admin, mine.id, 'a');
    const theirs = await sendFeedback(t, carol, { feedback_content: 'other' }, 'other');
    await reply(t, admin, theirs.id, 'b', 'other');
    expect((await call(t, 'GET', `/api/feedback/reply/${theirs.id}`, alice)).body.code).toBe(10001);
    expect((await call(t, 'GET', `/api/feedback/reply/${mine.id}`, carol, undefined, 'other')).body.code).toBe(10001);
    const own = await call(t, 'GET', `/api/feedback/reply/${theirs.id}`, carol, undefined, 'other');
    expect(own.body.data).toMatchObject({ reply_content: 'b', app_id: 'other', is_read: false });
  });

  it('answers 10001 for deleted, unknown and out-of-range feedback; 10005 for a non-number', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'gone' });
    await reply(t, admin, fb.id, 'answer');
    await call(t, 'DELETE', `/api/feedback/${fb.id}`, alice);
    for (const id of [fb.id, 999999, 2147483648]) {
      expect((await call(t, 'GET', `/api/feedback/reply/${id}`, alice)).body.code, String(id)).toBe(10001);
    }
    expect((await call(t, 'GET', '/api/feedback/reply/abc', alice)).body.code).toBe(10005);
  });

  it('answers 10004 without a user token', async () => {
    expect((await call(t, 'GET', '/api/feedback/reply/1', '')).body.code).toBe(10004);
  });
});
