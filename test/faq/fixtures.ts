/** Helpers shared by the FAQ tests: operator writes through the admin API, audit rows. */
import { expect } from 'vitest';
import { auth, type TestApp } from '../helpers/app.js';

export interface Faq {
  id: number;
  title: string;
  content: string;
  category: string;
  external_link: string;
  sort: number;
  is_published: boolean;
  app_id: string;
  created_at: string;
  updated_at: string;
}

export async function createFaq(t: TestApp, admin: string, body: Record<string, unknown>, appId?: string): Promise<Faq> {
  const headers = { ...auth(admin), ...(appId === undefined ? {} : { 'x-app-id': appId }) };
  const res = await t.request({ method: 'POST', url: '/admin/api/faq', headers, payload: { content: 'text', ...body } });
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  return res.body.data as Faq;
}

export async function countRows(t: TestApp, table: 'faqs' | 'audit_logs'): Promise<number> {
  const row = await t.container.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Creates an operator allowed in `appIds` only and answers its token. */
export async function operatorToken(t: TestApp, admin: string, username: string, appIds: string[]): Promise<string> {
  const created = await t.request({
    method: 'POST',
    url: '/admin/api/managers',
    headers: auth(admin),
    payload: { username, password: 'operator-password', role: 'operator', app_ids: appIds },
  });
  expect(created.body.code, JSON.stringify(created.body)).toBe(0);
  const login = await t.request({ method: 'POST', url: '/admin/api/auth/login', payload: { username, password: 'operator-password' } });
  expect(login.body.code).toBe(0);
  return login.body.data.access_token as string;
}

/** Audit entries of one target, oldest first (shared with the other admin tests). */
export { auditRows } from '../helpers/app.js';
