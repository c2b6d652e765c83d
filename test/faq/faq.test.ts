import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;

async function createFaq(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await t.request({ method: 'POST', url: '/admin/api/faq', headers: { ...auth(admin), ...headers }, payload: body });
  expect(res.body.code).toBe(0);
  return res.body.data;
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  await createApp(t, 'other');
});
afterAll(() => t.close());

describe('GET /api/faq', () => {
  it('lists published articles by sort desc then id desc, with the seed item keys', async () => {
    const a = await createFaq({ title: 'Low', content: 'alpha', sort: 1 });
    const b = await createFaq({ title: 'High', content: 'beta', sort: 10, category: 'account' });
    const c = await createFaq({ title: 'Low too', content: 'gamma', sort: 1 });
    await createFaq({ title: 'Draft', content: 'hidden', sort: 100, is_published: false });
    await createFaq({ title: 'Elsewhere', content: 'other app' }, { 'x-app-id': 'other' });
    const res = await t.request({ method: 'GET', url: '/api/faq' });
    expect(res.status).toBe(200);
    expect(res.body.data.total).toBe(3);
    expect(res.body.data.pages).toBe(1);
    expect(res.body.data.current_page).toBe(1);
    expect(res.body.data.page_size).toBe(20);
    expect(res.body.data.data.map((f: { id: number }) => f.id)).toEqual([b.id, c.id, a.id]);
    expect(Object.keys(res.body.data.data[0]).sort()).toEqual(
      ['id', 'app_id', 'created_at', 'updated_at', 'title', 'content', 'category', 'external_link'].sort(),
    );
    expect(res.body.data.data[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('filters by category and by q on title or content, case-insensitively', async () => {
    const byCat = await t.request({ method: 'GET', url: '/api/faq?category=account' });
    expect(byCat.body.data.data.map((f: { title: string }) => f.title)).toEqual(['High']);
    const byQ = await t.request({ method: 'GET', url: '/api/faq?q=GAM' });
    expect(byQ.body.data.data.map((f: { title: string }) => f.title)).toEqual(['Low too']);
    const byTitle = await t.request({ method: 'GET', url: '/api/faq?q=high' });
    expect(byTitle.body.data.total).toBe(1);
    const literal = await t.request({ method: 'GET', url: '/api/faq?q=%25' });
    expect(literal.body.data.total).toBe(0);
  });

  it('paginates, clamps page_size to 100 and refuses bad page values with 10005', async () => {
    const p2 = await t.request({ method: 'GET', url: '/api/faq?page_size=2&page_no=2' });
    expect(p2.body.data).toMatchObject({ total: 3, pages: 2, current_page: 2, page_size: 2 });
    expect(p2.body.data.data).toHaveLength(1);
    const big = await t.request({ method: 'GET', url: '/api/faq?page_size=500' });
    expect(big.body.data.page_size).toBe(100);
    for (const bad of ['page_no=0', 'page_no=abc', 'page_size=-1', 'page_size=1.5']) {
      const res = await t.request({ method: 'GET', url: `/api/faq?${bad}` });
      expect(res.status, bad).toBe(400);
      expect(res.body.code, bad).toBe(10005);
    }
  });

  it('is public: an invalid token is ignored', async () => {
    const res = await t.request({ method: 'GET', url: '/api/faq', headers: auth('not-a-token') });
    expect(res.body.code).toBe(0);
  });

  it('sees an admin edit at once', async () => {
    const f = await createFaq({ title: 'Fresh', content: 'x', sort: 1000 });
    expect((await t.request({ method: 'GET', url: '/api/faq' })).body.data.data[0].title).toBe('Fresh');
    await t.request({ method: 'PUT', url: `/admin/api/faq/${f.id}`, headers: auth(admin), payload: { is_published: false } });
    expect((await t.request({ method: 'GET', url: '/api/faq' })).body.data.data[0].title).not.toBe('Fresh');
  });
});

describe('GET /api/faq/{id}', () => {
  it('answers a published article of this app, else 10001', async () => {
    const pub = await createFaq({ title: 'One', content: 'c', external_link: 'https://example.com/x' });
    const draft = await createFaq({ title: 'Two', content: 'c', is_published: false });
    const other = await createFaq({ title: 'Three', content: 'c' }, { 'x-app-id': 'other' });
    const ok = await t.request({ method: 'GET', url: `/api/faq/${pub.id}` });
    expect(ok.body.data).toMatchObject({ id: pub.id, title: 'One', external_link: 'https://example.com/x', app_id: '' });
    for (const id of [draft.id, other.id, 999999]) {
      const res = await t.request({ method: 'GET', url: `/api/faq/${id}` });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe(10001);
    }
    const seen = await t.request({ method: 'GET', url: `/api/faq/${other.id}`, headers: { 'x-app-id': 'other' } });
    expect(seen.body.data.title).toBe('Three');
  });

  it('answers 10005 for a non-numeric id', async () => {
    const res = await t.request({ method: 'GET', url: '/api/faq/abc' });
    expect(res.body.code).toBe(10005);
  });
});

describe('/admin/api/faq', () => {
  it('creates with defaults, reads, updates partially, deletes, and audits every write', async () => {
    const created = await createFaq({ title: 'T', content: 'C' });
    expect(created).toMatchObject({ title: 'T', content: 'C', category: '', external_link: '', sort: 0, is_published: true });
    const got = await t.request({ method: 'GET', url: `/admin/api/faq/${created.id}`, headers: auth(admin) });
    expect(got.body.data.id).toBe(created.id);
    const upd = await t.request({ method: 'PUT', url: `/admin/api/faq/${created.id}`, headers: auth(admin), payload: { sort: 5 } });
    expect(upd.body.data).toMatchObject({ title: 'T', sort: 5 });
    const del = await t.request({ method: 'DELETE', url: `/admin/api/faq/${created.id}`, headers: auth(admin) });
    expect(del.body).toEqual({ code: 0, message: 'success', data: {} });
    const gone = await t.request({ method: 'GET', url: `/admin/api/faq/${created.id}`, headers: auth(admin) });
    expect(gone.body.code).toBe(10001);
    const audit = await t.container.database.db
      .selectFrom('audit_logs')
      .select('action')
      .where('target_type', '=', 'faq')
      .where('target_id', '=', String(created.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['faq.create', 'faq.update', 'faq.delete']);
  });

  it('lists unpublished articles too', async () => {
    const res = await t.request({ method: 'GET', url: '/admin/api/faq?q=draft', headers: auth(admin) });
    expect(res.body.data.data.some((f: { is_published: boolean }) => !f.is_published)).toBe(true);
  });

  it.each([
    [{ content: 'no title' }],
    [{ title: '', content: 'c' }],
    [{ title: 't', content: 'c', external_link: 'javascript:alert(1)' }],
    [{ title: 't', content: 'c', sort: 'high' }],
    [{ title: 't', content: 'c', is_published: 'yes' }],
  ])('refuses %j with 10005 and creates nothing', async (body) => {
    const before = await t.container.database.db
      .selectFrom('faqs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await t.request({ method: 'POST', url: '/admin/api/faq', headers: auth(admin), payload: body });
    expect(res.body.code).toBe(10005);
    const after = await t.container.database.db
      .selectFrom('faqs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('answers 10001 for another app’s article and 10004 without a manager token', async () => {
    const other = await createFaq({ title: 'O', content: 'c' }, { 'x-app-id': 'other' });
    const res = await t.request({ method: 'PUT', url: `/admin/api/faq/${other.id}`, headers: auth(admin), payload: { title: 'x' } });
    expect(res.body.code).toBe(10001);
    const noAuth = await t.request({ method: 'GET', url: '/admin/api/faq' });
    expect(noAuth.body.code).toBe(10004);
  });
});
