/**
 * Behind a load balancer the client IP (per-IP code limit, audit entries) comes from
 * X-Forwarded-For. A balancer that appends to the header keeps whatever the client sent in
 * front, so TRUST_PROXY takes the balancers' addresses: the client is then the nearest
 * address that is not one of them, and a made-up header changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { buildTestApp, newPhone, type TestApp } from '../helpers/app.js';

const sendFrom = (t: TestApp, xff?: string) =>
  t.request({
    method: 'POST',
    url: '/api/auth/send_code',
    remoteAddress: '10.1.2.3',
    headers: xff ? { 'x-forwarded-for': xff } : {},
    payload: { account: newPhone() },
  });

describe('TRUST_PROXY with the proxies’ addresses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { TRUST_PROXY: '10.0.0.0/8, 127.0.0.1', CODE_IP_HOURLY_LIMIT: '2' } });
  });
  afterAll(() => t.close());

  it('limits the client the proxy saw, whatever the client put in front', async () => {
    expect((await sendFrom(t, '203.0.113.9')).body.code).toBe(0);
    expect((await sendFrom(t, '1.1.1.1, 203.0.113.9')).body.code).toBe(0);
    expect((await sendFrom(t, '2.2.2.2, 203.0.113.9')).body.code).toBe(10010);
    // Another client behind the same proxy has its own allowance.
    expect((await sendFrom(t, '198.51.100.7')).body.code).toBe(0);
  });

  it('records the same client address in the audit log', async () => {
    const login = await t.request({
      method: 'POST',
      url: '/admin/api/auth/login',
      remoteAddress: '10.1.2.3',
      headers: { 'x-forwarded-for': '9.9.9.9, 198.51.100.20, 10.7.7.7' },
      payload: { username: 'admin', password: 'admin-password' },
    });
    const token = login.body.data.access_token as string;
    await t.request({
      method: 'POST',
      url: '/admin/api/faq',
      remoteAddress: '10.1.2.3',
      headers: { authorization: `Token ${token}`, 'x-forwarded-for': '9.9.9.9, 198.51.100.20, 10.7.7.7' },
      payload: { title: 't', content: 'c' },
    });
    const audit = await t.request({ method: 'GET', url: '/admin/api/audit', headers: { authorization: `Token ${token}` } });
    expect(audit.body.data.data[0].ip).toBe('198.51.100.20');
  });
});

describe('TRUST_PROXY=true', () => {
  it('takes the left-most address: right only behind a proxy that overwrites the header', async () => {
    const t = await buildTestApp({ env: { TRUST_PROXY: 'true', CODE_IP_HOURLY_LIMIT: '1' } });
    try {
      expect((await sendFrom(t, '203.0.113.9')).body.code).toBe(0);
      expect((await sendFrom(t, '203.0.113.9')).body.code).toBe(10010);
      expect((await sendFrom(t, '1.1.1.1, 203.0.113.9')).body.code).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('TRUST_PROXY values', () => {
  it.each([
    ['false', false],
    ['true', true],
    ['1', true],
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8,fd00::/8, uniquelocal', ['10.0.0.0/8', 'fd00::/8', 'uniquelocal']],
    ['Loopback', ['loopback']],
  ])('accepts %s', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it.each(['10.0.0.0/33', '300.1.1.1', '10.0.0.1,', 'fd00::/129', 'maybe', '10.0.0.0/8/1'])('refuses %s, naming the variable', (raw) => {
    expect(() => loadConfig({ TRUST_PROXY: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: raw })).toThrow(/TRUST_PROXY/);
  });
});
