/**
 * APNs against a local fake of its wire protocol: HTTP/2 over TLS with a certificate from
 * the run's own CA (trusted through NODE_EXTRA_CA_CERTS, never by disabling checks), the
 * ES256 provider token verified with the key's public half and reused across requests,
 * the exact headers and payload, the 4 KiB limit, and each error reason's meaning.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApnsPushProvider } from '../../src/providers/push/apns-push-provider.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { startFakeApns, type FakeApns } from '../helpers/fake-apns.js';
import { pushFlow } from '../helpers/push-flow.js';

const TEAM_ID = 'TEAM123456';
const KEY_ID = 'KEY1234567';
const BUNDLE_ID = 'com.example.appdesk';

let t: TestApp;
let apns: FakeApns;
let publicKey: KeyObject;
let p8: string;
let appSeq = 0;

const apnsConfig = (overrides: Record<string, unknown> = {}) => ({
  team_id: TEAM_ID,
  key_id: KEY_ID,
  private_key: p8,
  bundle_id: BUNDLE_ID,
  production: false,
  base_url: apns.url,
  ...overrides,
});
const apnsApp = (overrides: Record<string, unknown> = {}) =>
  pushFlow(t, `apns${++appSeq}`, { ios_provider: 'apns', apns: apnsConfig(overrides) });
const token = (n: number) => n.toString(16).padStart(64, '0');

beforeAll(async () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  publicKey = pair.publicKey;
  p8 = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  t = await buildTestApp({ overrides: { delivery: { retryBaseMs: 1 } } });
  apns = await startFakeApns({ publicKey, teamId: TEAM_ID, keyId: KEY_ID, now: () => t.clock.now() });
});
afterAll(async () => {
  await t.close();
  await apns.close();
});
beforeEach(() => {
  apns.requests.length = 0;
  apns.answer = () => undefined;
});

describe('APNs', () => {
  it('sends one request per device with one provider token, the headers and the payload Apple expects', async () => {
    const flow = await apnsApp();
    const devices = Array.from({ length: 25 }, (_, i) => token(i + 1));
    await flow.bind(devices, 'ios');
    const push = await flow.push('Title', 'Body');
    expect(push).toMatchObject({ push_status: 1, targeted: 25, sent: 25, failed: 0 });
    expect(apns.requests.map((r) => r.device).sort()).toEqual([...devices].sort());
    expect(apns.jwts).toHaveLength(1);
    expect(apns.sessions).toBe(1);
    const r = apns.requests[0]!;
    expect(r.headers).toMatchObject({
      'apns-topic': BUNDLE_ID,
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-expiration': String(Math.floor(t.clock.now() / 1000) + 86400),
    });
    expect(r.payload).toEqual({ aps: { alert: { title: 'Title', body: 'Body' } } });
  });

  it('accepts a .p8 key pasted with its line breaks escaped', async () => {
    const flow = await apnsApp({ private_key: p8.trim().replace(/\n/g, '\\n') });
    await flow.bind([token(50)], 'ios');
    expect(await flow.push()).toMatchObject({ sent: 1, failed: 0 });
  });

  it('reuses the provider token for 40 minutes and mints a new one after', async () => {
    const flow = await apnsApp();
    await flow.bind([token(100)], 'ios');
    await flow.push();
    const first = apns.jwts.length;
    t.clock.advance(30 * 60_000);
    await flow.push();
    expect(apns.jwts.length).toBe(first);
    t.clock.advance(11 * 60_000);
    await flow.push();
    expect(apns.jwts.length).toBe(first + 1);
    expect(new Set(apns.requests.map((r) => r.jwt)).size).toBe(2);
  });

  it('mints a new token once after ExpiredProviderToken and resends', async () => {
    const flow = await apnsApp();
    await flow.bind([token(200), token(201)], 'ios');
    await flow.push(); // a token of its own
    apns.requests.length = 0;
    const stale = apns.jwts[apns.jwts.length - 1];
    apns.answer = (r) => (r.jwt === stale ? { status: 403, reason: 'ExpiredProviderToken' } : undefined);
    expect(await flow.push()).toMatchObject({ sent: 2, failed: 0 });
    expect(apns.requests.filter((r) => r.jwt !== stale)).toHaveLength(2);
  });

  it('removes the bindings of dead devices and keeps the rest', async () => {
    const flow = await apnsApp();
    const [ok, unregistered, bad, otherTopic, tooSoon] = [token(300), token(301), token(302), token(303), token(304)];
    await flow.bind([ok, unregistered, bad, otherTopic, tooSoon], 'ios');
    apns.answer = (r) => {
      if (r.device === unregistered) return { status: 410, reason: 'Unregistered' };
      if (r.device === bad) return { status: 400, reason: 'BadDeviceToken' };
      if (r.device === otherTopic) return { status: 400, reason: 'DeviceTokenNotForTopic' };
      if (r.device === tooSoon) return { status: 400, reason: 'BadExpirationDate' };
      return undefined;
    };
    expect(await flow.push()).toMatchObject({ push_status: 1, targeted: 5, sent: 1, failed: 4 });
    expect(await flow.bound()).toEqual([ok, tooSoon].sort());
  });

  it.each([
    [403, 'InvalidProviderToken'],
    [400, 'BadTopic'],
    [400, 'TopicDisallowed'],
  ])('fails the batch and keeps the bindings on %i %s', async (status, reason) => {
    const flow = await apnsApp();
    await flow.bind([token(400), token(401)], 'ios');
    apns.answer = () => ({ status, reason });
    expect(await flow.push()).toMatchObject({ push_status: 2, targeted: 2, sent: 0, failed: 2 });
    expect(await flow.bound()).toHaveLength(2);
  });

  it('retries 429, 500 and 503', async () => {
    const flow = await apnsApp();
    const devices = [token(500), token(501), token(502)];
    await flow.bind(devices, 'ios');
    const first: Record<string, { status: number; reason: string }> = {
      [devices[0]!]: { status: 429, reason: 'TooManyRequests' },
      [devices[1]!]: { status: 500, reason: 'InternalServerError' },
      [devices[2]!]: { status: 503, reason: 'ServiceUnavailable' },
    };
    apns.answer = (r, attempt) => (attempt === 1 ? { ...first[r.device]!, headers: { 'retry-after': '0' } } : undefined);
    expect(await flow.push()).toMatchObject({ push_status: 1, targeted: 3, sent: 3, failed: 0 });
    expect(apns.requests).toHaveLength(6);
  });

  it('checks the 4 KiB payload limit before sending and puts extras beside aps', async () => {
    const provider = new ApnsPushProvider({ timeoutMs: 5000, clock: t.clock });
    const context = { settings: { apns: apnsConfig() }, webhookUrl: undefined };
    const batch = { appId: 'x', pushId: 1, clientType: 'ios' as const, clientIds: [token(600)], title: 'T', body: 'B' };
    try {
      const big = await provider.send({ ...batch, body: 'x'.repeat(4096) }, context);
      expect(big).toEqual({ invalid: [], failed: [token(600)] });
      expect(apns.requests).toHaveLength(0);
      const ok = await provider.send({ ...batch, extras: { deep_link: 'app://news/1', aps: 'not ours' } }, context);
      expect(ok).toEqual({ invalid: [], failed: [] });
      expect(apns.requests[0]!.payload).toEqual({ deep_link: 'app://news/1', aps: { alert: { title: 'T', body: 'B' } } });
    } finally {
      await provider.close();
    }
  });

  it('verifies TLS: a server with a certificate from an unknown CA gets nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'appdesk-untrusted-'));
    const server = (() => {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-keyout',
          'k.pem',
          '-out',
          'c.pem',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost',
        ],
        { cwd: dir, stdio: 'pipe' },
      );
      return http2.createSecureServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) });
    })();
    let streams = 0;
    server.on('stream', (s) => {
      streams += 1;
      s.respond({ ':status': 200 });
      s.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const provider = new ApnsPushProvider({ timeoutMs: 5000, clock: t.clock });
    try {
      const url = `https://localhost:${(server.address() as AddressInfo).port}`;
      const send = provider.send(
        { appId: 'x', pushId: 1, clientType: 'ios', clientIds: [token(700)], title: 'T', body: 'B' },
        { settings: { apns: apnsConfig({ base_url: url }) }, webhookUrl: undefined },
      );
      await expect(send).rejects.toMatchObject({ name: 'RetryablePushError' });
      expect(streams).toBe(0);
    } finally {
      await provider.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
