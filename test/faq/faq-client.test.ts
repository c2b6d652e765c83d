/** GET /api/faq and GET /api/faq/{id}: the public help center. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';
import { createFaq, type Faq } from './fixtures.js';

const ITEM_KEYS = ['app_id', 'category', 'content', 'created_at', 'external_link', 'id', 'title', 'updated_at'];

let t: TestApp;
let admin: string;
let user: string;
let low: Faq;
let high: Faq;
let lowToo: Faq;
let negative: Faq;
let draft: Faq;
let elsewhere: Faq;

const titles = (body: { data: { data: { title: string }[] } }) => body.data.data.map((f) => f.title);
const get = (url: string, headers: Record<string, string> = {}) => t.request({ method: 'GET', url, headers });

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  user = (await registerUser(t)).accessToken;
  await createApp(t, 'other');
  low = await createFaq(t, admin, { title: 'Low', content: 'alpha 100% sure', sort: 1, category: 'account' });
  high = await createFaq(t, admin, { title: 'High', content: 'beta', sort: 10, category: 'account' });
  lowToo = await createFaq(t, admin, { title: 'Low too', content: 'Gamma under_score', sort: 1, category: 'billing' });
  negative = await createFaq(t, admin, { title: '负数 Sort', content: '中文内容 back\\slash', sort: -5 });
  draft = await createFaq(t, admin, { title: 'Draft', content: 'beta hidden', sort: 100, is_published: false, category: 'account' });
  elsewhere = await createFaq(t, admin, { title: 'Elsewhere', content: 'beta other app', sort: 50 }, 'other');
});
afterAll(() => t.close());

describe('GET /api/faq', () => {
  it('lists published articles by sort descending then id descending, with exactly the seed keys', async () => {
    const res = await get('/api/faq');
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(0);
    expect(res.body.message).toBe('success');
    expect(res.body.data).toMatchObject({ total: 4, pages: 1, current_page: 1, page_size: 20 });
    expect(res.body.data.data.map((f: Faq) => f.id)).toEqual([high.id, lowToo.id, low.id, negative.id]);
    for (const item of res.body.data.data) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
    expect(res.body.data.data[0]).toEqual({
      id: high.id,
      app_id: '',
      created_at: '2026-01-15 08:01:01',
      updated_at: '2026-01-15 08:01:01',
      title: 'High',
      content: 'beta',
      category: 'account',
      external_link: '',
    });
  });

  it('never shows an unpublished article, and shows it once published', async () => {
    expect(titles((await get('/api/faq')).body)).not.toContain('Draft');
    expect(titles((await get('/api/faq?q=hidden')).body)).toEqual([]);
    await t.request({ method: 'PUT', url: `/admin/api/faq/${draft.id}`, headers: auth(admin), payload: { is_published: true } });
    expect(titles((await get('/api/faq')).body)[0]).toBe('Draft');
    await t.request({ method: 'PUT', url: `/admin/api/faq/${draft.id}`, headers: auth(admin), payload: { is_published: false } });
    expect(titles((await get('/api/faq')).body)).not.toContain('Draft');
  });

  it('filters by exact category; an empty category means any', async () => {
    expect(titles((await get('/api/faq?category=account')).body)).toEqual(['High', 'Low']);
    expect(titles((await get('/api/faq?category=billing')).body)).toEqual(['Low too']);
    expect((await get('/api/faq?category=Account')).body.data.total).toBe(0);
    expect((await get('/api/faq?category=acc')).body.data.total).toBe(0);
    expect((await get('/api/faq?category=')).body.data.total).toBe(4);
  });

  it('filters by q on title or content, case-insensitively', async () => {
    expect(titles((await get('/api/faq?q=GAMMA')).body)).toEqual(['Low too']);
    expect(titles((await get('/api/faq?q=hIGh')).body)).toEqual(['High']);
    expect(titles((await get('/api/faq?q=low')).body)).toEqual(['Low too', 'Low']);
    expect(titles((await get(`/api/faq?q=${encodeURIComponent('中文')}`)).body)).toEqual(['负数 Sort']);
    expect((await get('/api/faq?q=nothing-like-this')).body.data).toMatchObject({ total: 0, pages: 0, data: [] });
    expect((await get('/api/faq?q=%20%20')).body.data.total).toBe(4);
  });

  it('folds case beyond ASCII the same on every database', async () => {
    const f = await createFaq(t, admin, { title: 'Émile ÄRGER', content: 'Привет' });
    for (const q of ['Émile', 'émile', 'ÉMILE', 'ärger', 'ПРИВЕТ', 'привет']) {
      const res = await get(`/api/faq?q=${encodeURIComponent(q)}`);
      expect(
        res.body.data.data.map((x: Faq) => x.id),
        q,
      ).toEqual([f.id]);
    }
    await t.request({ method: 'DELETE', url: `/admin/api/faq/${f.id}`, headers: auth(admin) });
  });

  it('takes % _ and \\ in q literally', async () => {
    expect(titles((await get(`/api/faq?q=${encodeURIComponent('100%')}`)).body)).toEqual(['Low']);
    expect((await get(`/api/faq?q=${encodeURIComponent('%')}`)).body.data.total).toBe(1);
    expect(titles((await get(`/api/faq?q=${encodeURIComponent('under_score')}`)).body)).toEqual(['Low too']);
    expect((await get(`/api/faq?q=${encodeURIComponent('_')}`)).body.data.total).toBe(1);
    expect((await get(`/api/faq?q=${encodeURIComponent('a_p')}`)).body.data.total).toBe(0);
    expect(titles((await get(`/api/faq?q=${encodeURIComponent('back\\slash')}`)).body)).toEqual(['负数 Sort']);
    expect((await get(`/api/faq?q=${encodeURIComponent('\\')}`)).body.data.total).toBe(1);
  });

  it('combines category and q', async () => {
    expect(titles((await get('/api/faq?category=account&q=alpha')).body)).toEqual(['Low']);
    expect((await get('/api/faq?category=billing&q=alpha')).body.data.total).toBe(0);
  });

  it('refuses over-long filters with 10005', async () => {
    for (const url of [`/api/faq?q=${'x'.repeat(101)}`, `/api/faq?category=${'x'.repeat(65)}`]) {
      const res = await get(url);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(10005);
    }
  });

  it('is public: no token, an invalid token and a user token all answer the same list', async () => {
    const anonymous = await get('/api/faq');
    for (const headers of [auth('not-a-token'), { authorization: 'garbage' }, auth(user)]) {
      const res = await get('/api/faq', headers);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(anonymous.body);
    }
  });

  it('shows each app only its own articles', async () => {
    expect(titles((await get('/api/faq')).body)).not.toContain('Elsewhere');
    const other = await get('/api/faq', { 'x-app-id': 'other' });
    expect(titles(other.body)).toEqual(['Elsewhere']);
    expect(other.body.data.data[0].app_id).toBe('other');
    expect((await get('/api/faq?q=beta', { 'x-app-id': 'other' })).body.data.total).toBe(1);
  });

  it('answers 10005 for an unknown X-App-Id', async () => {
    const res = await get('/api/faq', { 'x-app-id': 'no-such-app' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
  });
});

describe('GET /api/faq pagination', () => {
  it('defaults to page 1 of 20', async () => {
    expect((await get('/api/faq')).body.data).toMatchObject({ current_page: 1, page_size: 20 });
  });

  it('computes pages and slices in order', async () => {
    const p1 = await get('/api/faq?page_size=3');
    expect(p1.body.data).toMatchObject({ total: 4, pages: 2, current_page: 1, page_size: 3 });
    expect(p1.body.data.data.map((f: Faq) => f.id)).toEqual([high.id, lowToo.id, low.id]);
    const p2 = await get('/api/faq?page_size=3&page_no=2');
    expect(p2.body.data).toMatchObject({ total: 4, pages: 2, current_page: 2, page_size: 3 });
    expect(p2.body.data.data.map((f: Faq) => f.id)).toEqual([negative.id]);
    const past = await get('/api/faq?page_size=3&page_no=3');
    expect(past.body.data).toMatchObject({ total: 4, pages: 2, current_page: 3, data: [] });
    expect((await get('/api/faq?page_size=4')).body.data.pages).toBe(1);
    expect((await get('/api/faq?page_size=1')).body.data.pages).toBe(4);
  });

  it('answers pages 0 for an empty list', async () => {
    expect((await get('/api/faq?category=none')).body.data).toEqual({ total: 0, pages: 0, current_page: 1, page_size: 20, data: [] });
  });

  it('clamps page_size above 100 to 100', async () => {
    expect((await get('/api/faq?page_size=500')).body.data.page_size).toBe(100);
    expect((await get('/api/faq?page_size=100')).body.data.page_size).toBe(100);
  });

  it.each([
    'page_no=0',
    'page_no=abc',
    'page_no=-1',
    'page_no=1.5',
    'page_no=',
    'page_size=0',
    'page_size=abc',
    'page_size=-1',
    'page_size=2.5',
  ])('answers 10005 for %s', async (query) => {
    const res = await get(`/api/faq?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
  });
});

describe('GET /api/faq/{id}', () => {
  it('answers one published article of this app with the seed keys', async () => {
    const res = await get(`/api/faq/${low.id}`, auth('ignored-invalid-token'));
    expect(res.body.code).toBe(0);
    expect(Object.keys(res.body.data).sort()).toEqual(ITEM_KEYS);
    expect(res.body.data).toMatchObject({ id: low.id, title: 'Low', content: 'alpha 100% sure', category: 'account', app_id: '' });
  });

  it('answers 10001 for an unpublished article', async () => {
    const res = await get(`/api/faq/${draft.id}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 10001, message: 'Data not found', data: {} });
  });

  it('answers 10001 across apps, both ways', async () => {
    expect((await get(`/api/faq/${elsewhere.id}`)).body.code).toBe(10001);
    expect((await get(`/api/faq/${low.id}`, { 'x-app-id': 'other' })).body.code).toBe(10001);
    expect((await get(`/api/faq/${elsewhere.id}`, { 'x-app-id': 'other' })).body.data.title).toBe('Elsewhere');
  });

  it('answers 10001 for unknown, deleted and out-of-range ids', async () => {
    const gone = await createFaq(t, admin, { title: 'Gone' });
    await t.request({ method: 'DELETE', url: `/admin/api/faq/${gone.id}`, headers: auth(admin) });
    for (const id of [gone.id, 0, 999999, 2147483648, 999999999999999]) {
      const res = await get(`/api/faq/${id}`);
      expect(res.status, String(id)).toBe(404);
      expect(res.body.code, String(id)).toBe(10001);
    }
  });

  it('answers 10005 for an id that is not a string of digits', async () => {
    for (const id of ['abc', '-1', '1.5', '1e3', '1000000000000000']) {
      const res = await get(`/api/faq/${id}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(10005);
    }
  });
});
