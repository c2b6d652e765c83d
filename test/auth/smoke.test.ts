import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('smoke', () => {
  it('registers and reads the profile', async () => {
    const u = await registerUser(t);
    const res = await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) });
    expect(res.status).toBe(200);
    expect(res.body.data.phone).toBe(u.phone);
  });
});
