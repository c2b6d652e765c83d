/**
 * The console's user page: GET /admin/api/users/{id}/devices, GET and DELETE
 * /admin/api/users/{id}/sessions, GET /admin/api/feedback?user_id=, and the users search by
 * nickname. Users of another app and deleted accounts are 10001; operators act in their
 * apps only (10003).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auditRows, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let root: string;
let operator: string;

type User = Awaited<ReturnType<typeof registerUser>> & { id: number };

const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object, appId?: string) =>
  t.request({
    method,
    url,
    headers: { ...auth(token), ...(appId !== undefined ? { 'x-app-id': appId } : {}), 'user-agent': 'AppDesk-Test/1.0' },
    ...(payload ? { payload } : {}),
  });

async function newUser(appId?: string): Promise<User> {
  const headers: Record<string, string> = appId ? { 'x-app-id': appId } : {};
  const u = await registerUser(t, undefined, undefined, headers);
  const info = await t.request({ method: 'GET', url: '/api/personal/info', headers: { ...auth(u.accessToken), ...headers } });
  return { ...u, id: info.body.data.id as number };
}

async function login(u: User, userAgent: string): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.request({
    method: 'POST',
    url: '/api/auth/access_token',
    headers: { 'user-agent': userAgent },
    payload: { account: u.phone, password: u.password },
  });
  expect(res.body.code).toBe(0);
  t.clock.advance(1000);
  return { accessToken: res.body.data.access_token as string, refreshToken: res.body.data.refresh_token as string };
}

beforeAll(async () => {
  t = await buildTestApp();
  root = await adminToken(t);
  await createApp(t, 'shop');
  const created = await req('POST', '/admin/api/managers', root, {
    username: 'op',
    password: 'op-password',
    role: 'operator',
    app_ids: ['shop'],
  });
  expect(created.body.code).toBe(0);
  operator = await adminToken(t, 'op', 'op-password');
});
afterAll(() => t.close());

describe('GET /admin/api/users/{id}/devices', () => {
  it('lists the user’s devices newest first, switches as stored, never the client id', async () => {
    const u = await newUser();
    const other = await newUser();
    const clientA = 'fcm-token-AAAA-0123456789-abcdefghijklmnop-ZZZZ';
    const clientB = 'apns-0000000000000000000000000000000000000000000000000000000000ff';
    for (const [token, payload] of [
      [u.accessToken, { client_id: clientA, client_type: 'android' }],
      [u.accessToken, { client_id: clientB, client_type: 'ios' }],
      [other.accessToken, { client_id: 'someone-else-0000000000', client_type: 'android' }],
    ] as const) {
      expect((await t.request({ method: 'POST', url: '/api/push/bind', headers: auth(token), payload })).body.code).toBe(0);
      t.clock.advance(1000);
    }
    const off = await t.request({
      method: 'PUT',
      url: `/api/push/switch/${clientA}`,
      headers: auth(u.accessToken),
      payload: { switch: false },
    });
    expect(off.body.code).toBe(0);
    const stored = await t.container.database.db
      .selectFrom('push_bindings')
      .select(['id', 'provider'])
      .where('user_id', '=', u.id)
      .orderBy('id', 'desc')
      .execute();

    const res = await req('GET', `/admin/api/users/${u.id}/devices`, root);
    expect(res.body.code).toBe(0);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.data.map((d: { id: number }) => d.id)).toEqual(stored.map((s) => s.id));
    expect(res.body.data[0]).toEqual({
      id: stored[0]!.id,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      client_type: 'ios',
      provider: stored[0]!.provider,
      switch: true,
      client_id_hint: 'apns…00ff',
    });
    expect(res.body.data[1]).toMatchObject({ client_type: 'android', switch: false, client_id_hint: 'fcm-…ZZZZ' });
    expect(JSON.stringify(res.body)).not.toContain(clientA);
    expect(JSON.stringify(res.body)).not.toContain(clientB);
  });

  it('answers an empty list for a user without devices', async () => {
    const u = await newUser();
    expect((await req('GET', `/admin/api/users/${u.id}/devices`, root)).body).toEqual({ code: 0, message: 'success', data: [] });
  });
});

describe('GET /admin/api/users/{id}/sessions', () => {
  it('lists live sessions newest first, paginated, without revoked ones', async () => {
    const u = await newUser();
    await login(u, 'Phone-A/1');
    const b = await login(u, 'Phone-B/2');
    const c = await login(u, 'Phone-C/3');
    // The user ends session C themselves: it is gone from the list.
    expect((await t.request({ method: 'POST', url: '/api/auth/destroy_token', headers: auth(c.accessToken) })).body.code).toBe(0);
    // Using session B notes its last use.
    t.clock.advance(120_000);
    expect((await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(b.accessToken) })).body.code).toBe(0);

    const all = await req('GET', `/admin/api/users/${u.id}/sessions`, root);
    expect(all.body.code).toBe(0);
    expect(all.body.data).toMatchObject({ total: 3, pages: 1, current_page: 1, page_size: 20 });
    const rows = all.body.data.data as { id: number; user_agent: string; created_at: string; last_used_at: string; ip: string }[];
    expect(rows.map((s) => s.user_agent)).toEqual(['Phone-B/2', 'Phone-A/1', 'lightMyRequest']);
    expect(Object.keys(rows[0]!).sort()).toEqual(['created_at', 'id', 'ip', 'last_used_at', 'user_agent']);
    expect(rows[0]!.last_used_at > rows[0]!.created_at).toBe(true);
    expect(rows[0]!.ip).toBe('127.0.0.1');

    const page2 = await req('GET', `/admin/api/users/${u.id}/sessions?page_no=2&page_size=2`, root);
    expect(page2.body.data).toMatchObject({ total: 3, pages: 2, current_page: 2, page_size: 2 });
    expect(page2.body.data.data.map((s: { user_agent: string }) => s.user_agent)).toEqual(['lightMyRequest']);
  });

  it.each(['0', 'x', '-1'])('refuses page_no=%s with 10005', async (pageNo) => {
    const u = await newUser();
    expect((await req('GET', `/admin/api/users/${u.id}/sessions?page_no=${pageNo}`, root)).body.code).toBe(10005);
  });
});

describe('DELETE /admin/api/users/{id}/sessions', () => {
  it('ends every session at once: cached tokens answer 10004 and refresh fails; audited', async () => {
    const u = await newUser();
    const second = await login(u, 'Tablet/1');
    const other = await newUser();
    // Warm the session cache: the next check must not come from the database alone.
    for (const token of [u.accessToken, second.accessToken, other.accessToken]) {
      expect((await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(token) })).body.code).toBe(0);
    }

    const res = await req('DELETE', `/admin/api/users/${u.id}/sessions`, root);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: 0, message: 'success', data: {} });

    const after = await Promise.all(
      [u.accessToken, second.accessToken].flatMap((token) =>
        Array.from({ length: 3 }, () => t.request({ method: 'GET', url: '/api/personal/info', headers: auth(token) })),
      ),
    );
    for (const a of after) expect(a.body.code).toBe(10004);
    for (const refresh of [u.refreshToken, second.refreshToken]) {
      expect((await t.request({ method: 'POST', url: '/api/auth/refresh_token', payload: { refresh_token: refresh } })).body.code).toBe(
        10004,
      );
    }
    // Someone else's sessions are untouched.
    expect((await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(other.accessToken) })).body.code).toBe(0);
    expect((await req('GET', `/admin/api/users/${u.id}/sessions`, root)).body.data.total).toBe(0);

    const audit = await auditRows(t, 'user', u.id);
    expect(audit.map((a) => a.action)).toEqual(['user.sessions_revoke']);
    // The user can sign in again; that new session is live.
    const again = await login(u, 'Phone/9');
    expect((await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(again.accessToken) })).body.code).toBe(0);
  });

  it('takes a burst of revocations of the same user', async () => {
    const u = await newUser();
    const answers = await Promise.all(Array.from({ length: 6 }, () => req('DELETE', `/admin/api/users/${u.id}/sessions`, root)));
    for (const a of answers) expect(a.body.code).toBe(0);
    expect((await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) })).body.code).toBe(10004);
  });
});

describe('users the operator may not see', () => {
  it('answers 10001 for another app’s user, a deleted user and an unknown id, on every route', async () => {
    const shopUser = await newUser('shop');
    const gone = await newUser();
    const del = await t.request({
      method: 'DELETE',
      url: '/api/personal/account',
      headers: auth(gone.accessToken),
      payload: { password: gone.password },
    });
    expect(del.body.code).toBe(0);
    for (const id of [shopUser.id, gone.id, 99999999, 0]) {
      for (const [method, path] of [
        ['GET', 'devices'],
        ['GET', 'sessions'],
        ['DELETE', 'sessions'],
      ] as const) {
        const res = await req(method, `/admin/api/users/${id}/${path}`, root);
        expect(res.status, `${method} ${id}/${path}`).toBe(404);
        expect(res.body.code, `${method} ${id}/${path}`).toBe(10001);
      }
    }
    // Nothing was revoked in the other app.
    expect(
      (await t.request({ method: 'GET', url: '/api/personal/info', headers: { ...auth(shopUser.accessToken), 'x-app-id': 'shop' } })).body
        .code,
    ).toBe(0);
    // ...where its own operator finds it.
    expect((await req('GET', `/admin/api/users/${shopUser.id}/sessions`, operator, undefined, 'shop')).body.data.total).toBe(1);
    expect(await auditRows(t, 'user', shopUser.id)).toEqual([]);
  });

  it('refuses an operator outside its apps with 10003, even for a burst', async () => {
    const u = await newUser();
    const answers = await Promise.all([
      req('GET', `/admin/api/users/${u.id}/devices`, operator),
      req('GET', `/admin/api/users/${u.id}/sessions`, operator),
      req('DELETE', `/admin/api/users/${u.id}/sessions`, operator),
      req('DELETE', `/admin/api/users/${u.id}/sessions`, operator),
      req('GET', '/admin/api/feedback?user_id=1', operator),
    ]);
    for (const a of answers) {
      expect(a.status).toBe(403);
      expect(a.body.code).toBe(10003);
    }
    expect((await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) })).body.code).toBe(0);
  });

  it.each(['abc', '1.5', '-3', ''])('refuses the id %j with 10005', async (id) => {
    const res = await req('GET', `/admin/api/users/${id}/devices`, root);
    expect([10005, 10002]).toContain(res.body.code);
    if (id !== '') expect(res.body.code).toBe(10005);
  });
});

describe('GET /admin/api/feedback?user_id=', () => {
  it('lists one author’s feedback only', async () => {
    const a = await newUser();
    const b = await newUser();
    for (const [u, text] of [
      [a, 'a first'],
      [b, 'b only'],
      [a, 'a second'],
    ] as const) {
      expect(
        (await t.request({ method: 'POST', url: '/api/feedback', headers: auth(u.accessToken), payload: { feedback_content: text } })).body
          .code,
      ).toBe(0);
    }
    const res = await req('GET', `/admin/api/feedback?user_id=${a.id}`, root);
    expect(res.body.data.total).toBe(2);
    expect(res.body.data.data.map((f: { feedback_content: string; user_id: number }) => [f.feedback_content, f.user_id])).toEqual([
      ['a second', a.id],
      ['a first', a.id],
    ]);
    // Combines with the other filters; empty means any author; an id of no one matches nothing.
    expect((await req('GET', `/admin/api/feedback?user_id=${a.id}&q=first`, root)).body.data.total).toBe(1);
    expect((await req('GET', `/admin/api/feedback?user_id=${b.id}&status=1`, root)).body.data.total).toBe(0);
    expect((await req('GET', '/admin/api/feedback?user_id=', root)).body.data.total).toBeGreaterThanOrEqual(3);
    expect((await req('GET', '/admin/api/feedback?user_id=999999999999999', root)).body.data.total).toBe(0);
  });

  it.each(['0', 'abc', '-1', '1.5', '1234567890123456'])('refuses user_id=%s with 10005', async (userId) => {
    const res = await req('GET', `/admin/api/feedback?user_id=${userId}`, root);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
  });
});

describe('GET /admin/api/users?q=', () => {
  it('matches phone, e-mail and nickname', async () => {
    const u = await newUser();
    const named = await t.request({
      method: 'PUT',
      url: '/api/personal/info',
      headers: auth(u.accessToken),
      payload: { nickname: 'Zebrafinch' },
    });
    expect(named.body.code).toBe(0);
    for (const q of ['ebrafin', 'ZEBRA', u.phone.slice(3, 9)]) {
      const res = await req('GET', `/admin/api/users?q=${encodeURIComponent(q)}`, root);
      expect(
        res.body.data.data.map((r: { id: number }) => r.id),
        q,
      ).toContain(u.id);
    }
    await t.container.database.db.updateTable('users').set({ email: 'someone@zoo.example' }).where('id', '=', u.id).execute();
    const byMail = await req('GET', '/admin/api/users?q=zoo.exa', root);
    expect(byMail.body.data.data.map((r: { id: number }) => r.id)).toEqual([u.id]);
  });
});
