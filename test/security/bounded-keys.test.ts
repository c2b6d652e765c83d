/**
 * Keys built from client-chosen or host-given text are bounded by hashing, never by column
 * width: a 64-character app id with a 240-character e-mail, a 253-character host name.
 * Per-address limits count an IPv6 client by its /64.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerIdentity, WORKER_ID_MAX } from '../../src/jobs/worker-id.js';
import { addressUnit, rateKey } from '../../src/platform/rate-limit/rate-key.js';
import { adminToken, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';

describe('rate keys', () => {
  it('are of fixed length whatever their parts, and parts cannot run into each other', () => {
    expect(rateKey('code-day', 'a'.repeat(64), 'b'.repeat(5000)).length).toBe(rateKey('code-day', '', '').length);
    expect(rateKey('x', 'a:b', 'c')).not.toBe(rateKey('x', 'a', 'b:c'));
    expect(rateKey('x', 'ab', 'c')).not.toBe(rateKey('x', 'a', 'bc'));
  });

  it('count an IPv6 address by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(addressUnit('2001:db8:1:2:aaaa::1')).toBe(addressUnit('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(addressUnit('2001:db8:1:2::1')).not.toBe(addressUnit('2001:db8:1:3::1'));
    expect(addressUnit('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressUnit('192.0.2.7')).toBe('192.0.2.7');
  });
});

describe('a long app id with a long e-mail', () => {
  let t: TestApp;
  const appId = 'a'.repeat(64);
  // 64-character local part, 175-character domain: 240 characters.
  const email = `${'u'.repeat(64)}@${['d'.repeat(60), 'e'.repeat(60), 'f'.repeat(49)].join('.')}.com`;
  beforeAll(async () => {
    t = await buildTestApp({ env: { TRUST_PROXY: 'true', CODE_IP_HOURLY_LIMIT: '2' } });
    await createApp(t, appId);
  });
  afterAll(() => t.close());

  it('sends, checks and registers (no column overflow)', async () => {
    expect(email.length).toBe(240);
    const headers = { 'x-app-id': appId, 'x-forwarded-for': '198.51.100.1' };
    const sent = await t.request({ method: 'POST', url: '/api/auth/send_code', headers, payload: { account: email } });
    expect(sent.body.code).toBe(0);
    const code = t.email.lastCodeFor(email);
    const reg = await t.request({
      method: 'POST',
      url: '/api/auth/register',
      headers,
      payload: { account: email, code, password: 'password123' },
    });
    expect(reg.body.code).toBe(0);
    const wrong = await t.request({
      method: 'POST',
      url: '/api/auth/access_token',
      headers,
      payload: { account: email, password: 'nope-nope' },
    });
    expect(wrong.body.code).toBe(10007);
  });

  it('limits an IPv6 client by its /64: other addresses of the network share the limit', async () => {
    const from = (ip: string, n: number) =>
      t.request({
        method: 'POST',
        url: '/api/auth/send_code',
        headers: { 'x-forwarded-for': ip },
        payload: { account: `v6-${n}@example.com` },
      });
    expect((await from('2001:db8:7:7::1', 1)).body.code).toBe(0);
    expect((await from('2001:db8:7:7::2', 2)).body.code).toBe(0);
    expect((await from('2001:db8:7:7:ffff::3', 3)).body.code).toBe(10010);
    expect((await from('2001:db8:7:8::1', 4)).body.code).toBe(0);
  });
});

describe('worker identity', () => {
  it('fits the lease column for any host name', () => {
    const id = workerIdentity('h'.repeat(253), 4_194_304);
    expect(id.length).toBeLessThanOrEqual(WORKER_ID_MAX);
    expect(workerIdentity('short-host', 12)).toMatch(/^short-host:12:[0-9a-f]{8}$/);
  });

  it('delivers a push under a lease taken with a long host name', async () => {
    const t = await buildTestApp();
    try {
      const u = await registerUser(t);
      await t.request({
        method: 'POST',
        url: '/api/push/bind',
        headers: auth(u.accessToken),
        payload: { client_id: 'dev-1', client_type: 'android' },
      });
      const admin = await adminToken(t);
      const created = await t.request({
        method: 'POST',
        url: '/admin/api/push',
        headers: auth(admin),
        payload: { push_title: 't', push_body: 'b', push_scope: 0 },
      });
      expect(created.body.code).toBe(0);
      await t.container.pushDelivery.deliverDue(workerIdentity('h'.repeat(253)));
      const push = await t.request({ method: 'GET', url: `/admin/api/push/${created.body.data.id}`, headers: auth(admin) });
      expect(push.body.data).toMatchObject({ push_status: 1, targeted: 1, sent: 1 });
    } finally {
      await t.close();
    }
  });
});
