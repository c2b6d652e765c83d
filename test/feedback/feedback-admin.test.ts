/** /admin/api/feedback and /admin/api/feedback_category: the operators' side. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackReplyRepository } from '../../src/modules/feedback/feedback-reply.repository.js';
import { adminToken, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';
import { operatorToken } from '../faq/fixtures.js';
import {
  auditRows,
  call,
  CATEGORY_KEYS,
  createCategory,
  FEEDBACK_KEYS,
  reply,
  REPLY_KEYS,
  sendFeedback,
  type Feedback,
} from './fixtures.js';

let t: TestApp;
let admin: string;
let adminId: number;
let alice: string;
let carol: string;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  adminId = (await call(t, 'GET', '/admin/api/me', admin)).body.data.id;
  await createApp(t, 'other');
  alice = (await registerUser(t)).accessToken;
  carol = (await registerUser(t, undefined, undefined, { 'x-app-id': 'other' })).accessToken;
});
afterAll(() => t.close());

describe('/admin/api/feedback_category', () => {
  it('creates (trimmed, description default ""), lists, updates partially and deletes, auditing each write', async () => {
    const created = await call(t, 'POST', '/admin/api/feedback_category', admin, { name: ' billing ' });
    expect(Object.keys(created.body.data).sort()).toEqual(CATEGORY_KEYS);
    expect(created.body.data).toMatchObject({ name: 'billing', description: '', app_id: '' });
    const id = created.body.data.id as number;

    const list = await call(t, 'GET', '/admin/api/feedback_category', admin);
    expect(list.body.data.data.map((c: { id: number }) => c.id)).toContain(id);

    t.clock.advance(1000);
    const updated = await call(t, 'PUT', `/admin/api/feedback_category/${id}`, admin, { description: 'money' });
    expect(updated.body.data).toMatchObject({ id, name: 'billing', description: 'money' });
    expect(updated.body.data.updated_at).not.toBe(created.body.data.updated_at);
    expect((await call(t, 'PUT', `/admin/api/feedback_category/${id}`, admin, { name: 'Billing' })).body.data).toMatchObject({
      name: 'Billing',
      description: 'money',
    });

    expect((await call(t, 'DELETE', `/admin/api/feedback_category/${id}`, admin)).body).toEqual({ code: 0, message: 'success', data: {} });
    expect((await call(t, 'DELETE', `/admin/api/feedback_category/${id}`, admin)).body.code).toBe(10001);

    const rows = await auditRows(t, 'feedback_category', id);
    expect(rows.map((r) => r.action)).toEqual([
      'feedback_category.create',
      'feedback_category.update',
      'feedback_category.update',
      'feedback_category.delete',
    ]);
    expect(rows.every((r) => r.manager_id === adminId && r.app_id === '')).toBe(true);
    expect(JSON.parse(rows[1]!.detail)).toEqual({ description: 'money' });
  });

  it.each([
    ['no name', {}],
    ['an empty name', { name: '' }],
    ['a blank name', { name: '   ' }],
    ['a name over 64', { name: 'x'.repeat(65) }],
    ['a description over 255', { name: 'n', description: 'x'.repeat(256) }],
    ['a numeric name', { name: 1 }],
  ])('refuses to create with %s (10005)', async (_name, body) => {
    const before = (await call(t, 'GET', '/admin/api/feedback_category', admin)).body.data.total;
    expect((await call(t, 'POST', '/admin/api/feedback_category', admin, body)).body.code).toBe(10005);
    expect((await call(t, 'GET', '/admin/api/feedback_category', admin)).body.data.total).toBe(before);
  });

  it('refuses a blank name on update (10005) and changes nothing', async () => {
    const id = await createCategory(t, admin, 'stay');
    expect((await call(t, 'PUT', `/admin/api/feedback_category/${id}`, admin, { name: ' ' })).body.code).toBe(10005);
    const list = await call(t, 'GET', '/admin/api/feedback_category?page_size=100', admin);
    expect(list.body.data.data.find((c: { id: number }) => c.id === id).name).toBe('stay');
    expect((await auditRows(t, 'feedback_category', id)).map((r) => r.action)).toEqual(['feedback_category.create']);
  });

  it('answers 10001 for unknown, out-of-range and other-app categories, both ways', async () => {
    const mine = await createCategory(t, admin, 'mine');
    const theirs = await createCategory(t, admin, 'theirs', 'other');
    for (const id of [999999, 2147483648, theirs]) {
      expect((await call(t, 'PUT', `/admin/api/feedback_category/${id}`, admin, { name: 'x' })).body.code).toBe(10001);
      expect((await call(t, 'DELETE', `/admin/api/feedback_category/${id}`, admin)).body.code).toBe(10001);
    }
    expect((await call(t, 'PUT', `/admin/api/feedback_category/${mine}`, admin, { name: 'x' }, 'other')).body.code).toBe(10001);
    expect((await call(t, 'DELETE', `/admin/api/feedback_category/${mine}`, admin, undefined, 'other')).body.code).toBe(10001);
    const otherList = await call(t, 'GET', '/admin/api/feedback_category', admin, undefined, 'other');
    expect(otherList.body.data.data.map((c: { id: number }) => c.id)).toEqual([theirs]);
    expect((await auditRows(t, 'feedback_category', theirs))[0]).toMatchObject({ app_id: 'other' });
  });

  it('keeps feedback filed under a deleted category as it was; new feedback cannot use it', async () => {
    const id = await createCategory(t, admin, 'short-lived');
    const fb = await sendFeedback(t, alice, { feedback_content: 'filed', feedback_category_id: id });
    await call(t, 'DELETE', `/admin/api/feedback_category/${id}`, admin);
    expect((await call(t, 'GET', `/admin/api/feedback/${fb.id}`, admin)).body.data.feedback_category_id).toBe(id);
    expect((await call(t, 'POST', '/api/feedback', alice, { feedback_content: 'x', feedback_category_id: id })).body.code).toBe(10005);
  });

  it('paginates', async () => {
    const res = await call(t, 'GET', '/admin/api/feedback_category?page_size=1', admin);
    expect(res.body.data.page_size).toBe(1);
    expect(res.body.data.pages).toBe(res.body.data.total);
    expect((await call(t, 'GET', '/admin/api/feedback_category?page_size=500', admin)).body.data.page_size).toBe(100);
    expect((await call(t, 'GET', '/admin/api/feedback_category?page_no=0', admin)).body.code).toBe(10005);
  });
});

describe('GET /admin/api/feedback', () => {
  let app2: TestApp;
  let token: string;
  let cat: number;
  let fbs: Feedback[];
  beforeAll(async () => {
    app2 = await buildTestApp();
    token = await adminToken(app2);
    const u1 = (await registerUser(app2)).accessToken;
    const u2 = (await registerUser(app2)).accessToken;
    cat = await createCategory(app2, token, 'bugs');
    fbs = [
      await sendFeedback(app2, u1, { feedback_content: 'Needle in a haystack', feedback_category_id: cat }),
      await sendFeedback(app2, u2, { feedback_content: 'plain', contact_phone: '13900001111' }),
      await sendFeedback(app2, u1, { feedback_content: '50% off_sale', feedback_category_id: cat }),
      await sendFeedback(app2, u2, { feedback_content: 'deleted one' }),
    ];
    await call(app2, 'DELETE', `/api/feedback/${fbs[3]!.id}`, u2);
    await reply(app2, token, fbs[0]!.id, 'thanks');
  });
  afterAll(() => app2.close());
  const ids = async (query = '') => {
    const res = await call(app2, 'GET', `/admin/api/feedback${query}`, token);
    expect(res.body.code, JSON.stringify(res.body)).toBe(0);
    return res.body.data.data.map((f: Feedback) => f.id) as number[];
  };
  const [a, b, c] = [0, 1, 2];

  it('lists all users’ live feedback, newest first, with the seed keys', async () => {
    const res = await call(app2, 'GET', '/admin/api/feedback', token);
    expect(res.body.data).toMatchObject({ total: 3, pages: 1, current_page: 1, page_size: 20 });
    expect(res.body.data.data.map((f: Feedback) => f.id)).toEqual([fbs[c]!.id, fbs[b]!.id, fbs[a]!.id]);
    expect(Object.keys(res.body.data.data[0]).sort()).toEqual(FEEDBACK_KEYS);
  });

  it('filters by status, category_id (0 = none) and q (content or phone, literal)', async () => {
    expect(await ids('?status=1')).toEqual([fbs[a]!.id]);
    expect(await ids('?status=0')).toEqual([fbs[c]!.id, fbs[b]!.id]);
    expect(await ids('?status=2')).toEqual([]);
    expect(await ids(`?category_id=${cat}`)).toEqual([fbs[c]!.id, fbs[a]!.id]);
    expect(await ids('?category_id=0')).toEqual([fbs[b]!.id]);
    expect(await ids('?category_id=2147483648')).toEqual([]);
    expect(await ids('?q=NEEDLE')).toEqual([fbs[a]!.id]);
    expect(await ids('?q=0000111')).toEqual([fbs[b]!.id]);
    expect(await ids(`?q=${encodeURIComponent('%')}`)).toEqual([fbs[c]!.id]);
    expect(await ids(`?q=${encodeURIComponent('f_s')}`)).toEqual([fbs[c]!.id]);
    expect(await ids('?q=deleted')).toEqual([]);
    expect(await ids(`?status=0&category_id=${cat}`)).toEqual([fbs[c]!.id]);
  });

  it('treats empty filter values as "any"', async () => {
    expect(await ids('?status=&category_id=&q=')).toHaveLength(3);
  });

  it.each(['status=3', 'status=abc', 'status=-1', 'category_id=abc', 'category_id=-1', 'page_no=0', 'page_size=abc'])(
    'answers 10005 for %s',
    async (query) => {
      const res = await call(app2, 'GET', `/admin/api/feedback?${query}`, token);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(10005);
    },
  );

  it('paginates', async () => {
    const res = await call(app2, 'GET', '/admin/api/feedback?page_size=2&page_no=2', token);
    expect(res.body.data).toMatchObject({ total: 3, pages: 2, current_page: 2, page_size: 2 });
    expect(res.body.data.data.map((f: Feedback) => f.id)).toEqual([fbs[a]!.id]);
    expect((await call(app2, 'GET', '/admin/api/feedback?page_size=500', token)).body.data.page_size).toBe(100);
  });
});

describe('GET /admin/api/feedback/{id}', () => {
  it('answers the feedback with its replies, oldest first', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'thread' });
    const r1 = await reply(t, admin, fb.id, 'one');
    const r2 = await reply(t, admin, fb.id, 'two');
    const res = await call(t, 'GET', `/admin/api/feedback/${fb.id}`, admin);
    expect(Object.keys(res.body.data).sort()).toEqual([...FEEDBACK_KEYS, 'replies'].sort());
    expect(res.body.data).toMatchObject({ id: fb.id, feedback_content: 'thread', feedback_status: 1 });
    expect(res.body.data.replies.map((r: { id: number }) => r.id)).toEqual([r1.id, r2.id]);
    expect(Object.keys(res.body.data.replies[0]).sort()).toEqual(REPLY_KEYS);
    expect(res.body.data.replies[0]).toMatchObject({ reply_content: 'one', manager_id: adminId, is_read: false });
  });

  it('answers an empty replies array before any reply', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'quiet' });
    expect((await call(t, 'GET', `/admin/api/feedback/${fb.id}`, admin)).body.data).toMatchObject({ feedback_status: 0, replies: [] });
  });

  it('answers 10001 for unknown, out-of-range, deleted and other-app feedback; 10005 for a non-number', async () => {
    const deleted = await sendFeedback(t, alice, { feedback_content: 'deleted' });
    await call(t, 'DELETE', `/api/feedback/${deleted.id}`, alice);
    const theirs = await sendFeedback(t, carol, { feedback_content: 'other app' }, 'other');
    const mine = await sendFeedback(t, alice, { feedback_content: 'default app' });
    for (const id of [999999, 2147483648, deleted.id, theirs.id]) {
      const res = await call(t, 'GET', `/admin/api/feedback/${id}`, admin);
      expect(res.status, String(id)).toBe(404);
      expect(res.body.code, String(id)).toBe(10001);
    }
    expect((await call(t, 'GET', `/admin/api/feedback/${mine.id}`, admin, undefined, 'other')).body.code).toBe(10001);
    expect((await call(t, 'GET', `/admin/api/feedback/${theirs.id}`, admin, undefined, 'other')).body.data.app_id).toBe('other');
    expect((await call(t, 'GET', '/admin/api/feedback/abc', admin)).body.code).toBe(10005);
  });
});

describe('POST /admin/api/feedback/{id}/reply', () => {
  it('creates the reply by this manager, sets the status to 1 (even from closed), and audits it', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'closed then replied' });
    await call(t, 'PUT', `/admin/api/feedback/${fb.id}`, admin, { feedback_status: 2 });
    const res = await call(t, 'POST', `/admin/api/feedback/${fb.id}/reply`, admin, { reply_content: '  we fixed it  ' });
    expect(res.body.code).toBe(0);
    expect(Object.keys(res.body.data).sort()).toEqual(REPLY_KEYS);
    expect(res.body.data).toMatchObject({
      reply_content: 'we fixed it',
      manager_id: adminId,
      feedback_id: fb.id,
      is_read: false,
      app_id: '',
    });
    expect((await call(t, 'GET', `/admin/api/feedback/${fb.id}`, admin)).body.data.feedback_status).toBe(1);
    expect((await call(t, 'GET', '/api/feedback', alice)).body.data.data.find((f: Feedback) => f.id === fb.id).feedback_status).toBe(1);
    const rows = await auditRows(t, 'feedback', fb.id);
    expect(rows.map((r) => r.action)).toEqual(['feedback.status', 'feedback.reply']);
    expect(JSON.parse(rows[1]!.detail)).toEqual({ reply_id: res.body.data.id });
    expect(rows[1]).toMatchObject({ manager_id: adminId, app_id: '' });
  });

  it.each([
    ['no content', {}],
    ['empty content', { reply_content: '' }],
    ['blank content', { reply_content: '   ' }],
    ['5001 characters', { reply_content: 'x'.repeat(5001) }],
    ['a numeric content', { reply_content: 5 }],
  ])('refuses %s with 10005, changing nothing', async (_name, body) => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'unanswered' });
    const res = await call(t, 'POST', `/admin/api/feedback/${fb.id}/reply`, admin, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
    expect((await call(t, 'GET', `/admin/api/feedback/${fb.id}`, admin)).body.data).toMatchObject({ feedback_status: 0, replies: [] });
    expect(await auditRows(t, 'feedback', fb.id)).toEqual([]);
  });

  it('answers 10001 for unknown, deleted and other-app feedback, both ways', async () => {
    const deleted = await sendFeedback(t, alice, { feedback_content: 'deleted' });
    await call(t, 'DELETE', `/api/feedback/${deleted.id}`, alice);
    const theirs = await sendFeedback(t, carol, { feedback_content: 'other' }, 'other');
    const mine = await sendFeedback(t, alice, { feedback_content: 'mine' });
    for (const id of [999999, 2147483648, deleted.id, theirs.id]) {
      expect((await call(t, 'POST', `/admin/api/feedback/${id}/reply`, admin, { reply_content: 'x' })).body.code, String(id)).toBe(10001);
    }
    expect((await call(t, 'POST', `/admin/api/feedback/${mine.id}/reply`, admin, { reply_content: 'x' }, 'other')).body.code).toBe(10001);
    expect((await call(t, 'GET', `/admin/api/feedback/${mine.id}`, admin)).body.data).toMatchObject({ feedback_status: 0, replies: [] });
    const inOther = await call(t, 'POST', `/admin/api/feedback/${theirs.id}/reply`, admin, { reply_content: 'ok' }, 'other');
    expect(inOther.body.data.app_id).toBe('other');
  });
});

describe('PUT /admin/api/feedback/{id}', () => {
  it('sets each status, answers the updated feedback and audits from → to', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'status' });
    t.clock.advance(1000);
    for (const status of [2, 1, 0]) {
      const res = await call(t, 'PUT', `/admin/api/feedback/${fb.id}`, admin, { feedback_status: status });
      expect(res.body.code).toBe(0);
      expect(Object.keys(res.body.data).sort()).toEqual(FEEDBACK_KEYS);
      expect(res.body.data).toMatchObject({ id: fb.id, feedback_status: status, feedback_content: 'status' });
      expect(res.body.data.updated_at).not.toBe(fb.updated_at);
    }
    const rows = await auditRows(t, 'feedback', fb.id);
    expect(rows.map((r) => JSON.parse(r.detail))).toEqual([
      { from: 0, to: 2 },
      { from: 2, to: 1 },
      { from: 1, to: 0 },
    ]);
    expect(rows.every((r) => r.action === 'feedback.status' && r.manager_id === adminId)).toBe(true);
  });

  it.each([[{}], [{ feedback_status: 3 }], [{ feedback_status: -1 }], [{ feedback_status: '1' }], [{ feedback_status: null }]])(
    'refuses %j with 10005',
    async (body) => {
      const fb = await sendFeedback(t, alice, { feedback_content: 'bad status' });
      expect((await call(t, 'PUT', `/admin/api/feedback/${fb.id}`, admin, body)).body.code).toBe(10005);
      expect(await auditRows(t, 'feedback', fb.id)).toEqual([]);
    },
  );

  it('answers 10001 for unknown, deleted and other-app feedback, both ways', async () => {
    const deleted = await sendFeedback(t, alice, { feedback_content: 'deleted' });
    await call(t, 'DELETE', `/api/feedback/${deleted.id}`, alice);
    const theirs = await sendFeedback(t, carol, { feedback_content: 'other' }, 'other');
    const mine = await sendFeedback(t, alice, { feedback_content: 'mine' });
    for (const id of [999999, 2147483648, deleted.id, theirs.id]) {
      expect((await call(t, 'PUT', `/admin/api/feedback/${id}`, admin, { feedback_status: 2 })).body.code, String(id)).toBe(10001);
    }
    expect((await call(t, 'PUT', `/admin/api/feedback/${mine.id}`, admin, { feedback_status: 2 }, 'other')).body.code).toBe(10001);
    expect((await call(t, 'GET', `/admin/api/feedback/${mine.id}`, admin)).body.data.feedback_status).toBe(0);
  });
});

describe('/admin/api/feedback access', () => {
  it('answers 10004 without a manager token (a user token included)', async () => {
    for (const token of ['', 'wrong', alice]) {
      for (const [method, url] of [
        ['GET', '/admin/api/feedback'],
        ['GET', '/admin/api/feedback/1'],
        ['POST', '/admin/api/feedback/1/reply'],
        ['PUT', '/admin/api/feedback/1'],
        ['GET', '/admin/api/feedback_category'],
        ['POST', '/admin/api/feedback_category'],
        ['PUT', '/admin/api/feedback_category/1'],
        ['DELETE', '/admin/api/feedback_category/1'],
      ] as const) {
        const res = await call(t, method, url, token, method === 'GET' || method === 'DELETE' ? undefined : {});
        expect(res.body.code, `${method} ${url}`).toBe(10004);
      }
    }
  });

  it('lets an operator act only in its apps (10003 elsewhere)', async () => {
    const op = await operatorToken(t, admin, 'feedback-operator', ['other']);
    const theirs = await sendFeedback(t, carol, { feedback_content: 'for the operator' }, 'other');
    const ok = await call(t, 'POST', `/admin/api/feedback/${theirs.id}/reply`, op, { reply_content: 'hi' }, 'other');
    expect(ok.body.code).toBe(0);
    expect(ok.body.data.manager_id).not.toBe(adminId);
    for (const [method, url, body] of [
      ['GET', '/admin/api/feedback', undefined],
      ['POST', '/admin/api/feedback_category', { name: 'x' }],
      ['PUT', `/admin/api/feedback/${theirs.id}`, { feedback_status: 2 }],
    ] as const) {
      const res = await call(t, method, url, op, body);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe(10003);
    }
  });
});

describe('FeedbackReplyRepository.markReadUpTo', () => {
  it('leaves a reply written after the one the user saw unread', async () => {
    const fb = await sendFeedback(t, alice, { feedback_content: 'race' });
    const seen = await reply(t, admin, fb.id, 'seen');
    const later = await reply(t, admin, fb.id, 'arrived meanwhile');
    await new FeedbackReplyRepository(t.container.database.db).markReadUpTo(fb.id, seen.id, t.clock.now());
    const rows = await t.container.database.db
      .selectFrom('feedback_replies')
      .select(['id', 'is_read'])
      .where('feedback_id', '=', fb.id)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: seen.id, is_read: 1 },
      { id: later.id, is_read: 0 },
    ]);
  });
});
