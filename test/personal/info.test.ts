import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let token: string;

const SEED_KEYS = [
  'id',
  'area',
  'phone',
  'email',
  'openid',
  'role',
  'username',
  'is_active',
  'app_id',
  'created_at',
  'updated_at',
  'nickname',
  'avatar',
  'gender',
  'birthday',
  'address',
];

const get = () => t.request({ method: 'GET', url: '/api/personal/info', headers: auth(token) });
const put = (payload: object) => t.request({ method: 'PUT', url: '/api/personal/info', headers: auth(token), payload });

beforeAll(async () => {
  t = await buildTestApp();
  token = (await registerUser(t, '13700001111')).accessToken;
});
afterAll(() => t.close());

describe('GET /api/personal/info', () => {
  it('answers exactly the seed’s keys with the new-user defaults', async () => {
    const res = await get();
    expect(Object.keys(res.body.data).sort()).toEqual([...SEED_KEYS].sort());
    expect(res.body.data).toMatchObject({
      area: '86',
      phone: '13700001111',
      email: '',
      role: 0,
      username: '13700001111',
      is_active: true,
      app_id: '',
      nickname: '',
      avatar: '',
      gender: 2,
      birthday: '',
      address: '',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password/);
  });

  it('needs a token (10004)', async () => {
    const res = await t.request({ method: 'GET', url: '/api/personal/info' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(10004);
  });
});

describe('PUT /api/personal/info', () => {
  it('updates the given fields and answers the updated object', async () => {
    t.clock.advance(5000);
    const res = await put({
      nickname: '小明',
      avatar: 'https://cdn.example.com/a.png',
      gender: 1,
      birthday: '1991-03-08',
      address: 'Hefei',
    });
    expect(res.body.data).toMatchObject({
      nickname: '小明',
      avatar: 'https://cdn.example.com/a.png',
      gender: 1,
      birthday: '1991-03-08',
      address: 'Hefei',
    });
    expect(res.body.data.updated_at).not.toBe(res.body.data.created_at);
    const partial = await put({ address: 'Shanghai' });
    expect(partial.body.data).toMatchObject({ nickname: '小明', address: 'Shanghai' });
    expect((await put({ birthday: '', avatar: '' })).body.data).toMatchObject({ birthday: '', avatar: '' });
  });

  it.each([
    [{ nickname: 'n'.repeat(33) }],
    [{ avatar: 'ftp://example.com/a.png' }],
    [{ avatar: 'not a url' }],
    [{ avatar: `https://example.com/${'a'.repeat(500)}` }],
    [{ gender: 3 }],
    [{ gender: '1' }],
    [{ birthday: '2023-02-30' }],
    [{ birthday: '1991-3-8' }],
    [{ birthday: '2099-01-01' }],
    [{ address: 'a'.repeat(256) }],
    [{ nickname: 'ok', gender: 9 }],
  ])('refuses %j with 10005 and changes nothing', async (payload) => {
    const before = (await get()).body.data;
    const res = await put(payload);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
    expect((await get()).body.data).toEqual(before);
  });

  it('answers reads after an update with the update, never a kept earlier answer', async () => {
    const first = (await get()).body.data;
    expect((await get()).body.data).toEqual(first);
    const updated = (await put({ nickname: `n${Date.now() % 100000}` })).body.data;
    expect(updated.nickname).not.toBe(first.nickname);
    expect((await get()).body.data).toEqual(updated);
  });

  it('ignores fields a client may not set', async () => {
    const res = await put({ role: 1, phone: '13000000000', id: 1, is_active: false, username: 'x', nickname: 'safe' });
    expect(res.body.data).toMatchObject({ role: 0, phone: '13700001111', is_active: true, username: '13700001111', nickname: 'safe' });
  });
});
