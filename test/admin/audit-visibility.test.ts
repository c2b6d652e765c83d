/** GET /admin/api/audit: operators see their apps' content entries only; supers see all. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let root: string;
let operator: string;

const req = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: object) =>
  t.request({ method, url, headers: auth(token), ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp();
  root = await adminToken(t);
  const created = await req('POST', '/admin/api/managers', root, {
    username: 'op',
    password: 'op-password',
    role: 'operator',
    app_ids: [''],
  });
  expect(created.body.code).toBe(0);
  operator = await adminToken(t, 'op', 'op-password');
  // Super-only objects of the operator's own (default) app...
  expect((await req('PUT', '/admin/api/apps/_default', root, { push_config: { webhook_url: 'https://hooks.example/p' } })).body.code).toBe(
    0,
  );
  // ...and content the operator manages.
  expect((await req('POST', '/admin/api/faq', operator, { title: 'T', content: 'C' })).body.code).toBe(0);
});
afterAll(() => t.close());

describe('GET /admin/api/audit', () => {
  it('shows an operator the content entries of its app, never managers or apps', async () => {
    const res = await req('GET', '/admin/api/audit?page_size=100', operator);
    expect(res.body.code).toBe(0);
    const types = new Set((res.body.data.data as { target_type: string }[]).map((e) => e.target_type));
    expect(types).toEqual(new Set(['faq']));
    expect(res.body.data.total).toBe(1);
    expect(JSON.stringify(res.body.data)).not.toContain('push_config');
    // Filtering by action cannot reach them either.
    expect((await req('GET', '/admin/api/audit?action=app.update', operator)).body.data.total).toBe(0);
    expect((await req('GET', '/admin/api/audit?action=manager.create', operator)).body.data.total).toBe(0);
  });

  it('shows a super every entry', async () => {
    const res = await req('GET', '/admin/api/audit?page_size=100', root);
    const types = new Set((res.body.data.data as { target_type: string }[]).map((e) => e.target_type));
    expect(types).toEqual(new Set(['faq', 'app', 'manager']));
  });
});
