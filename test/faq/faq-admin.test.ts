/** /admin/api/faq: operators write the help center; every write is audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';
import { auditRows, countRows, createFaq, operatorToken, type Faq } from './fixtures.js';

const ADMIN_KEYS = ['app_id', 'category', 'content', 'created_at', 'external_link', 'id', 'is_published', 'sort', 'title', 'updated_at'];

let t: TestApp;
let admin: string;
let adminId: number;

const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object, appId?: string) =>
  t.request({
    method,
    url,
    headers: { ...auth(token), ...(appId === undefined ? {} : { 'x-app-id': appId }) },
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  adminId = (await req('GET', '/admin/api/me', admin)).body.data.id;
  await createApp(t, 'other');
});
afterAll(() => t.close());

describe('POST /admin/api/faq', () => {
  it('creates an article with defaults and answers it with sort and is_published', async () => {
    const res = await req('POST', '/admin/api/faq', admin, { title: '  How to log in  ', content: '  Use your phone.\n' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data).sort()).toEqual(ADMIN_KEYS);
    expect(res.body.data).toMatchObject({
      app_id: '',
      title: 'How to log in',
      content: '  Use your phone.\n',
      category: '',
      external_link: '',
      sort: 0,
      is_published: true,
    });
    expect(res.body.data.id).toBeGreaterThan(0);
  });

  it('stores every given field', async () => {
    const f = await createFaq(t, admin, {
      title: 'Pay',
      content: 'c',
      category: ' billing ',
      external_link: 'https://example.com/pay',
      sort: -3,
      is_published: false,
    });
    expect(f).toMatchObject({ category: 'billing', external_link: 'https://example.com/pay', sort: -3, is_published: false });
    expect((await req('GET', `/admin/api/faq/${f.id}`, admin)).body.data).toEqual(f);
  });

  it.each([
    ['no title', { content: 'c' }],
    ['no content', { title: 't' }],
    ['an empty title', { title: '', content: 'c' }],
    ['a blank title', { title: '   ', content: 'c' }],
    ['a blank content', { title: 't', content: ' \n ' }],
    ['a title over 255', { title: 'x'.repeat(256), content: 'c' }],
    ['a category over 64', { title: 't', content: 'c', category: 'x'.repeat(65) }],
    ['a javascript: link', { title: 't', content: 'c', external_link: 'javascript:alert(1)' }],
    ['a relative link', { title: 't', content: 'c', external_link: '/help' }],
    ['a string sort', { title: 't', content: 'c', sort: '5' }],
    ['a fractional sort', { title: 't', content: 'c', sort: 1.5 }],
    ['a string flag', { title: 't', content: 'c', is_published: 'true' }],
    ['a numeric title', { title: 5, content: 'c' }],
  ])('refuses %s with 10005, creating and auditing nothing', async (_name, body) => {
    const [faqs, audits] = [await countRows(t, 'faqs'), await countRows(t, 'audit_logs')];
    const res = await req('POST', '/admin/api/faq', admin, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
    expect(await countRows(t, 'faqs')).toBe(faqs);
    expect(await countRows(t, 'audit_logs')).toBe(audits);
  });

  it('ignores fields a client may not set', async () => {
    const res = await req('POST', '/admin/api/faq', admin, { title: 't', content: 'c', id: 424242, app_id: 'other' });
    expect(res.body.data.id).not.toBe(424242);
    expect(res.body.data.app_id).toBe('');
  });

  it('records an audit row in the app, by the manager', async () => {
    const f = await createFaq(t, admin, { title: 'Audited', content: 'long '.repeat(100) });
    const rows = await auditRows(t, 'faq', f.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'faq.create', app_id: '', manager_id: adminId });
    const detail = JSON.parse(rows[0]!.detail);
    expect(detail).toMatchObject({ title: 'Audited', content_length: 500 });
  });
});

describe('GET /admin/api/faq', () => {
  let app2: TestApp;
  let token: string;
  const items: Faq[] = [];
  beforeAll(async () => {
    app2 = await buildTestApp();
    token = await adminToken(app2);
    items.push(await createFaq(app2, token, { title: 'A', content: 'first', sort: 1, category: 'x' }));
    items.push(await createFaq(app2, token, { title: 'B draft', content: 'Second', sort: 5, is_published: false, category: 'x' }));
    items.push(await createFaq(app2, token, { title: 'C', content: 'third', sort: 1, category: 'y' }));
  });
  afterAll(() => app2.close());
  const list = async (query = '') => (await app2.request({ method: 'GET', url: `/admin/api/faq${query}`, headers: auth(token) })).body;

  it('lists drafts too, by sort then id, with the operator fields', async () => {
    const body = await list();
    expect(body.data).toMatchObject({ total: 3, pages: 1, current_page: 1, page_size: 20 });
    expect(body.data.data.map((f: Faq) => f.title)).toEqual(['B draft', 'C', 'A']);
    expect(body.data.data[0]).toMatchObject({ is_published: false, sort: 5 });
  });

  it('filters by category and q', async () => {
    expect((await list('?category=x')).data.data.map((f: Faq) => f.title)).toEqual(['B draft', 'A']);
    expect((await list('?q=SECOND')).data.data.map((f: Faq) => f.title)).toEqual(['B draft']);
    expect((await list('?q=c')).data.data.map((f: Faq) => f.title)).toEqual(['B draft', 'C']);
    expect((await list('?category=y&q=third')).data.total).toBe(1);
  });

  it('paginates like every list', async () => {
    expect((await list('?page_size=2&page_no=2')).data).toMatchObject({ total: 3, pages: 2, current_page: 2, page_size: 2 });
    expect((await list('?page_size=500')).data.page_size).toBe(100);
    expect((await list('?page_no=0')).code).toBe(10005);
    expect((await list('?page_no=abc')).code).toBe(10005);
  });
});

describe('GET /admin/api/faq/{id}', () => {
  it('answers a draft, and 10001 for unknown or out-of-range ids', async () => {
    const f = await createFaq(t, admin, { title: 'Draft', is_published: false });
    expect((await req('GET', `/admin/api/faq/${f.id}`, admin)).body.data).toMatchObject({ id: f.id, is_published: false });
    for (const id of [999999, 2147483648]) {
      const res = await req('GET', `/admin/api/faq/${id}`, admin);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe(10001);
    }
    expect((await req('GET', '/admin/api/faq/abc', admin)).body.code).toBe(10005);
  });
});

describe('PUT /admin/api/faq/{id}', () => {
  it('changes only the fields given and answers the updated article', async () => {
    const f = await createFaq(t, admin, { title: 'Old', content: 'body', category: 'c1', external_link: 'http://a.example', sort: 2 });
    t.clock.advance(60_000);
    const res = await req('PUT', `/admin/api/faq/${f.id}`, admin, { sort: 9, is_published: false });
    expect(res.body.code).toBe(0);
    expect(res.body.data).toEqual({ ...f, sort: 9, is_published: false, updated_at: res.body.data.updated_at });
    expect(res.body.data.updated_at).not.toBe(f.updated_at);
    expect(res.body.data.created_at).toBe(f.created_at);
    const again = await req('PUT', `/admin/api/faq/${f.id}`, admin, { title: ' New ', external_link: '', category: '' });
    expect(again.body.data).toMatchObject({ title: 'New', external_link: '', category: '', content: 'body', sort: 9 });
    expect((await req('GET', `/admin/api/faq/${f.id}`, admin)).body.data).toEqual(again.body.data);
  });

  it('accepts an empty body (touches updated_at only)', async () => {
    const f = await createFaq(t, admin, { title: 'Same' });
    const res = await req('PUT', `/admin/api/faq/${f.id}`, admin, {});
    expect(res.body.data).toMatchObject({ title: 'Same', content: 'text' });
  });

  it.each([
    ['an empty title', { title: '' }],
    ['a blank content', { content: '   ' }],
    ['a bad link', { external_link: 'ftp://example.com' }],
    ['a null sort', { sort: null }],
    ['a string flag', { is_published: 1 }],
  ])('refuses %s with 10005 and changes nothing', async (_name, body) => {
    const f = await createFaq(t, admin, { title: 'Keep' });
    const audits = (await auditRows(t, 'faq', f.id)).length;
    const res = await req('PUT', `/admin/api/faq/${f.id}`, admin, body);
    expect(res.body.code).toBe(10005);
    expect((await req('GET', `/admin/api/faq/${f.id}`, admin)).body.data).toEqual(f);
    expect(await auditRows(t, 'faq', f.id)).toHaveLength(audits);
  });

  it('answers 10001 for an unknown article', async () => {
    const res = await req('PUT', '/admin/api/faq/999999', admin, { title: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(10001);
  });
});

describe('DELETE /admin/api/faq/{id}', () => {
  it('deletes, answers {}, then 10001', async () => {
    const f = await createFaq(t, admin, { title: 'Bye' });
    expect((await req('DELETE', `/admin/api/faq/${f.id}`, admin)).body).toEqual({ code: 0, message: 'success', data: {} });
    expect((await req('GET', `/admin/api/faq/${f.id}`, admin)).body.code).toBe(10001);
    const again = await req('DELETE', `/admin/api/faq/${f.id}`, admin);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe(10001);
  });
});

describe('/admin/api/faq audit trail', () => {
  it('records create, update and delete in order, and nothing for refused writes', async () => {
    const f = await createFaq(t, admin, { title: 'T' });
    await req('PUT', `/admin/api/faq/${f.id}`, admin, { sort: 5, content: 'abc' });
    await req('PUT', `/admin/api/faq/${f.id}`, admin, { title: '' });
    await req('DELETE', `/admin/api/faq/${f.id}`, admin);
    await req('DELETE', `/admin/api/faq/${f.id}`, admin);
    const rows = await auditRows(t, 'faq', f.id);
    expect(rows.map((r) => r.action)).toEqual(['faq.create', 'faq.update', 'faq.delete']);
    expect(rows.every((r) => r.manager_id === adminId && r.app_id === '')).toBe(true);
    expect(JSON.parse(rows[1]!.detail)).toEqual({ sort: 5, content_length: 3 });
  });
});

describe('/admin/api/faq tenancy and access', () => {
  it('keeps apps apart both ways', async () => {
    const mine = await createFaq(t, admin, { title: 'Mine' });
    const theirs = await createFaq(t, admin, { title: 'Theirs' }, 'other');
    expect(theirs.app_id).toBe('other');
    const otherList = await req('GET', '/admin/api/faq', admin, undefined, 'other');
    expect(otherList.body.data.data.map((f: Faq) => f.title)).toEqual(['Theirs']);
    const defaultList = await req('GET', '/admin/api/faq?page_size=100', admin);
    expect(defaultList.body.data.data.some((f: Faq) => f.id === theirs.id)).toBe(false);
    for (const [method, payload] of [['GET'], ['PUT', { title: 'x' }], ['DELETE']] as const) {
      expect((await req(method, `/admin/api/faq/${theirs.id}`, admin, payload)).body.code, method).toBe(10001);
      expect((await req(method, `/admin/api/faq/${mine.id}`, admin, payload, 'other')).body.code, method).toBe(10001);
    }
    expect((await req('GET', `/admin/api/faq/${theirs.id}`, admin, undefined, 'other')).body.data.title).toBe('Theirs');
    expect((await req('GET', `/admin/api/faq/${mine.id}`, admin)).body.data.title).toBe('Mine');
    const audit = await auditRows(t, 'faq', theirs.id);
    expect(audit[0]).toMatchObject({ action: 'faq.create', app_id: 'other' });
  });

  it('answers 10004 without a manager token, and for a user token', async () => {
    const user = (await registerUser(t)).accessToken;
    for (const headers of [{}, auth('wrong'), auth(user)]) {
      const res = await t.request({ method: 'GET', url: '/admin/api/faq', headers });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe(10004);
      const write = await t.request({ method: 'POST', url: '/admin/api/faq', headers, payload: { title: 't', content: 'c' } });
      expect(write.body.code).toBe(10004);
    }
  });

  it('lets an operator act only in its apps (10003 elsewhere)', async () => {
    const op = await operatorToken(t, admin, 'faq-operator', ['other']);
    const created = await req('POST', '/admin/api/faq', op, { title: 'By operator', content: 'c' }, 'other');
    expect(created.body.code).toBe(0);
    const denied = await req('POST', '/admin/api/faq', op, { title: 'No', content: 'c' });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe(10003);
    expect((await req('GET', '/admin/api/faq', op)).body.code).toBe(10003);
    expect((await req('DELETE', `/admin/api/faq/${created.body.data.id}`, op)).body.code).toBe(10003);
  });

  it('answers 10005 for an unknown X-App-Id', async () => {
    expect((await req('GET', '/admin/api/faq', admin, undefined, 'no-such-app')).body.code).toBe(10005);
  });
});
