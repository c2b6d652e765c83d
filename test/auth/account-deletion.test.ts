/**
 * DELETE /api/personal/account: proof by password or code, then no table holds the user's
 * personal data or token hashes; their feedback stays for operators with user_id null.
 */
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/platform/secrets.js';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { testDialect } from '../helpers/database.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await buildTestApp({ env: { LOGIN_MAX_FAILURES: '3' } });
  admin = await adminToken(t);
});
afterAll(() => t.close());

const del = (token: string, payload?: object) =>
  t.request({ method: 'DELETE', url: '/api/personal/account', headers: auth(token), ...(payload ? { payload } : {}) });
const info = (token: string) => t.request({ method: 'GET', url: '/api/personal/info', headers: auth(token) });

/** Every user table and the text of all its rows, for a search of personal data. */
async function everyRowAsText(): Promise<Map<string, string>> {
  const db = t.container.database.db;
  const tables =
    testDialect === 'postgres'
      ? (
          await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db)
        ).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows;
  const out = new Map<string, string>();
  for (const { name } of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
    out.set(
      name,
      JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : typeof v === 'bigint' ? String(v) : v)),
    );
  }
  return out;
}

/** Uploads a real image as the user's avatar; answers the stored WebP bytes. */
async function uploadAvatar(token: string): Promise<Buffer> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 9, g: 99, b: 199 } } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'me.png');
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  const res = await t.request({
    method: 'POST',
    url: '/api/personal/avatar',
    headers: { ...auth(token), 'content-type': req.headers.get('content-type')! },
    payload: Buffer.from(await req.arrayBuffer()),
  });
  expect(res.body.code).toBe(0);
  const path = new URL(res.body.data.avatar as string).pathname;
  const image = await t.app.inject({ method: 'GET', url: path });
  expect(image.statusCode).toBe(200);
  return image.rawPayload;
}

async function richUser() {
  const u = await registerUser(t);
  const token = u.accessToken;
  const avatarBytes = await uploadAvatar(token);
  const put = await t.request({
    method: 'PUT',
    url: '/api/personal/info',
    headers: auth(token),
    payload: { nickname: `Nick${u.phone}`, address: `Street ${u.phone}` },
  });
  expect(put.body.code).toBe(0);
  await t.request({
    method: 'POST',
    url: '/api/push/bind',
    headers: auth(token),
    payload: { client_id: `dev-${u.phone}`, client_type: 'ios' },
  });
  const fb = await t.request({
    method: 'POST',
    url: '/api/feedback',
    headers: auth(token),
    payload: { feedback_content: 'the app crashes', contact_phone: u.phone },
  });
  expect(fb.body.code).toBe(0);
  const me = (await info(token)).body.data;
  return { ...u, id: me.id as number, feedbackId: fb.body.data.id as number, avatarBytes };
}

describe('DELETE /api/personal/account', () => {
  it('with the password: nothing personal remains anywhere, tokens die at once, feedback stays without a user', async () => {
    const u = await richUser();
    // A second session and its tokens, to check every token hash goes.
    const second = (await t.request({ method: 'POST', url: '/api/auth/access_token', payload: { account: u.phone, password: u.password } }))
      .body.data;
    expect((await info(second.access_token)).body.code).toBe(0);
    const res = await del(u.accessToken, { password: u.password });
    expect(res.body).toEqual({ code: 0, message: 'success', data: {} });

    expect((await info(u.accessToken)).body.code).toBe(10004);
    expect((await info(second.access_token)).body.code).toBe(10004);
    expect(
      (await t.request({ method: 'POST', url: '/api/auth/refresh_token', payload: { refresh_token: second.refresh_token } })).body.code,
    ).toBe(10004);
    expect((await t.request({ method: 'GET', url: `/admin/api/users/${u.id}`, headers: auth(admin) })).body.code).toBe(10001);

    const rows = await everyRowAsText();
    const needles = [
      u.phone,
      `Nick${u.phone}`,
      `Street ${u.phone}`,
      `dev-${u.phone}`,
      sha256Hex(u.accessToken),
      sha256Hex(second.access_token),
      sha256Hex(second.refresh_token),
    ];
    for (const [table, text] of rows) for (const needle of needles) expect(text.includes(needle), `${table} holds ${needle}`).toBe(false);
    const avatarText = u.avatarBytes.toString('latin1');
    for (const [table, text] of rows) expect(text.includes(avatarText), `${table} holds the avatar bytes`).toBe(false);
    const avatars = await t.container.database.db.selectFrom('avatars').select('id').where('user_id', '=', u.id).execute();
    expect(avatars).toHaveLength(0);

    const fb = await t.request({ method: 'GET', url: `/admin/api/feedback/${u.feedbackId}`, headers: auth(admin) });
    expect(fb.body.code).toBe(0);
    expect(fb.body.data).toMatchObject({ user_id: null, contact_phone: '', feedback_content: 'the app crashes' });
    const list = await t.request({ method: 'GET', url: '/admin/api/feedback', headers: auth(admin) });
    expect(list.body.data.data.find((f: { id: number }) => f.id === u.feedbackId).user_id).toBeNull();

    // The account can register again, as a new user.
    await t.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: u.phone } });
    const code = t.sms.lastCodeFor(u.phone);
    const again = await t.request({
      method: 'POST',
      url: '/api/auth/register',
      payload: { account: u.phone, code, password: 'password123' },
    });
    expect(again.body.code).toBe(0);
    expect((await info(again.body.data.access_token)).body.data).toMatchObject({ nickname: '', address: '' });
  });

  it('with a code sent to the account', async () => {
    const u = await richUser();
    t.clock.advance(61_000);
    await t.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: u.phone } });
    const code = t.sms.lastCodeFor(u.phone);
    expect((await del(u.accessToken, { code: code === '000000' ? '111111' : '000000' })).body.code).toBe(10008);
    expect((await info(u.accessToken)).body.code).toBe(0);
    expect((await del(u.accessToken, { code })).body.code).toBe(0);
    expect((await info(u.accessToken)).body.code).toBe(10004);
  });

  it('10007 for a wrong password (counted toward the lockout), 10005 with no proof; nothing changes', async () => {
    const u = await richUser();
    expect((await del(u.accessToken)).body.code).toBe(10005);
    expect((await del(u.accessToken, {})).body.code).toBe(10005);
    for (let i = 0; i < 3; i++) expect((await del(u.accessToken, { password: 'wrong-password' })).body.code).toBe(10007);
    expect((await del(u.accessToken, { password: u.password })).body.code).toBe(10015);
    expect((await info(u.accessToken)).body.code).toBe(0);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await del(u.accessToken, { password: u.password })).body.code).toBe(0);
  });
});

describe('PUT /api/personal/info {avatar} with an external URL', () => {
  it('drops the uploaded image the avatar pointed to', async () => {
    const u = await registerUser(t);
    await uploadAvatar(u.accessToken);
    const me = (await info(u.accessToken)).body.data;
    const before = await t.container.database.db.selectFrom('avatars').select('id').where('user_id', '=', me.id).execute();
    expect(before).toHaveLength(1);
    const put = await t.request({
      method: 'PUT',
      url: '/api/personal/info',
      headers: auth(u.accessToken),
      payload: { avatar: 'https://cdn.example.com/elsewhere.png' },
    });
    expect(put.body.data.avatar).toBe('https://cdn.example.com/elsewhere.png');
    const after = await t.container.database.db.selectFrom('avatars').select('id').where('user_id', '=', me.id).execute();
    expect(after).toHaveLength(0);
    expect((await t.app.inject({ method: 'GET', url: new URL(me.avatar as string).pathname })).statusCode).toBe(404);
  });
});
