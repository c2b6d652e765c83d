/**
 * The JPush adapter against a local fake of JPush REST v3: end to end through the API and
 * the worker (basic auth, audience and platform shape, ≤ 1000 ids a push, error answers),
 * and the rate-limit wait read from X-Rate-Limit-Reset.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JpushPushProvider } from '../../src/providers/push/jpush-push-provider.js';
import { RetryablePushError } from '../../src/providers/push/push-provider.js';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { FakeJpush } from '../helpers/fake-jpush.js';

const APP_KEY = 'jpAppKey0123456789abcdef';
const MASTER_SECRET = 'jpMasterSecret0123456789';

let t: TestApp;
let jpush: FakeJpush;
let admin: string;

interface PushBody {
  platform: string[];
  audience: { registration_id: string[] };
  notification: Record<string, any>;
  options: { sendno: number; time_to_live: number };
}

async function user() {
  const u = await registerUser(t);
  const me = await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) });
  return { token: u.accessToken, id: me.body.data.id as number };
}

async function bind(token: string, clientIds: string[], clientType: 'android' | 'ios' = 'android') {
  for (const client_id of clientIds) {
    const res = await t.request({
      method: 'POST',
      url: '/api/push/bind',
      headers: auth(token),
      payload: { client_id, client_type: clientType, provider: 'jpush' },
    });
    expect(res.body.code).toBe(0);
  }
}

async function pushTo(userIds: number[], extra: object = {}) {
  const res = await t.request({
    method: 'POST',
    url: '/admin/api/push',
    headers: auth(admin),
    payload: { push_title: 'Title', push_body: 'Body', push_scope: 3, user_ids: userIds, ...extra },
  });
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  await t.container.pushDelivery.deliverDue('w');
  return (await t.request({ method: 'GET', url: `/admin/api/push/${res.body.data.id}`, headers: auth(admin) })).body.data;
}

async function configure(masterSecret = MASTER_SECRET) {
  const res = await t.request({
    method: 'PUT',
    url: '/admin/api/apps/_default',
    headers: auth(admin),
    payload: { push_config: { jpush: { app_key: APP_KEY, master_secret: masterSecret, base_url: jpush.baseUrl } } },
  });
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
}

const bodies = () => jpush.pushes.map((p) => p.body as PushBody);
const bound = async (ids: string[]) =>
  (await t.container.database.db.selectFrom('push_bindings').select('client_id').where('client_id', 'in', ids).execute())
    .map((r) => r.client_id)
    .sort();
const answerOnce = (status: number, body: object, headers: Record<string, string> = {}) =>
  jpush.override((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    return true;
  });

beforeAll(async () => {
  jpush = await FakeJpush.start(APP_KEY, MASTER_SECRET);
  t = await buildTestApp({ overrides: { delivery: { retryBaseMs: 1 } } });
  admin = await adminToken(t);
  await configure();
});
afterAll(async () => {
  await t.close();
  await jpush.close();
});
beforeEach(() => jpush.reset());

describe('JPush REST v3 adapter', () => {
  it('basic auth, registration_id audiences of ≤ 1000 on the batch platform, notification with extras', async () => {
    const a = await user();
    const ids = Array.from({ length: 1001 }, (_, i) => `jp-a-${String(i).padStart(4, '0')}`);
    await bind(a.token, ids);
    await bind(a.token, ['jp-i-1'], 'ios');
    const extras = { screen: 'orders', order_id: '7' };
    const push = await pushTo([a.id], { extras });
    expect(push).toMatchObject({ push_status: 1, targeted: 1002, sent: 1002, failed: 0, skipped: 0 });

    expect(jpush.pushes).toHaveLength(3);
    const basic = `Basic ${Buffer.from(`${APP_KEY}:${MASTER_SECRET}`).toString('base64')}`;
    for (const p of jpush.pushes) {
      expect(p.url).toBe('/v3/push');
      expect(p.headers.authorization).toBe(basic);
      expect(p.headers['content-type']).toMatch(/^application\/json/);
    }
    const sizes = bodies().map((b) => b.audience.registration_id.length);
    expect(sizes.sort((x, y) => y - x)).toEqual([1000, 1, 1]);
    expect(
      bodies()
        .flatMap((b) => b.audience.registration_id)
        .sort(),
    ).toEqual([...ids, 'jp-i-1'].sort());

    const android = bodies().filter((b) => b.platform[0] === 'android');
    expect(android).toHaveLength(2);
    for (const b of android) {
      expect(b.platform).toEqual(['android']);
      expect(b.notification).toEqual({ android: { alert: 'Body', title: 'Title', extras } });
      expect(b.options).toEqual({ sendno: push.id, time_to_live: 86400 });
    }
    const ios = bodies().find((b) => b.platform[0] === 'ios')!;
    expect(ios.platform).toEqual(['ios']);
    expect(ios.audience).toEqual({ registration_id: ['jp-i-1'] });
    expect(ios.notification).toEqual({ ios: { alert: { title: 'Title', body: 'Body' }, sound: 'default', extras } });
  });

  it('1011 for one id removes its binding; for many, each id is pushed alone to find the dead ones', async () => {
    const a = await user();
    await bind(a.token, ['jp-dead-1']);
    jpush.dead.add('jp-dead-1');
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 0, failed: 1, push_status: 2 });
    expect(await bound(['jp-dead-1'])).toEqual([]);

    const b = await user();
    const many = ['jp-dead-2', 'jp-dead-3', 'jp-dead-4'];
    await bind(b.token, many);
    for (const id of many) jpush.dead.add(id);
    jpush.reset();
    expect(await pushTo([b.id])).toMatchObject({ targeted: 3, sent: 0, failed: 3 });
    expect(await bound(many)).toEqual([]);
    expect(bodies().map((x) => x.audience.registration_id)).toEqual([many, ['jp-dead-2'], ['jp-dead-3'], ['jp-dead-4']]);
  });

  it('refused credentials (401 / 1004) fail the batch once and keep the bindings', async () => {
    const a = await user();
    await bind(a.token, ['jp-cred-1', 'jp-cred-2']);
    await configure('a-wrong-master-secret');
    try {
      expect(await pushTo([a.id])).toMatchObject({ targeted: 2, sent: 0, failed: 2, push_status: 2 });
      expect(jpush.pushes).toHaveLength(1);
      expect(await bound(['jp-cred-1', 'jp-cred-2'])).toEqual(['jp-cred-1', 'jp-cred-2']);
    } finally {
      await configure();
    }
  });

  it('retries 429 / 2002, 1000 and 5xx, then delivers', async () => {
    const a = await user();
    await bind(a.token, ['jp-retry-1']);
    answerOnce(429, { error: { code: 2002, message: 'Rate limit exceeded' } }, { 'x-rate-limit-reset': '0' });
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 1, failed: 0 });
    expect(jpush.pushes).toHaveLength(2);
    answerOnce(500, { error: { code: 1000, message: 'server error' } });
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 1, failed: 0 });
    answerOnce(503, { error: { code: 1030, message: 'internal timeout' } });
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 1, failed: 0 });
    expect(jpush.pushes).toHaveLength(6);
  });

  it('1003 and 1005 fail the batch without retry and keep the bindings', async () => {
    const a = await user();
    await bind(a.token, ['jp-bad-1']);
    answerOnce(400, { error: { code: 1005, message: 'msg content too long' } });
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 0, failed: 1 });
    answerOnce(400, { error: { code: 1003, message: 'parameter value is invalid' } });
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 0, failed: 1 });
    expect(jpush.pushes).toHaveLength(2);
    expect(await bound(['jp-bad-1'])).toEqual(['jp-bad-1']);
  });

  it("a rate limit asks to wait X-Rate-Limit-Reset seconds (the time left in JPush's window)", async () => {
    const provider = new JpushPushProvider(5000);
    answerOnce(429, { error: { code: 2002, message: 'Rate limit exceeded' } }, { 'x-rate-limit-reset': '7' });
    const err = await provider
      .send(
        { appId: '', pushId: 1, clientType: 'android', clientIds: ['x'], title: 't', body: 'b' },
        { settings: { jpush: { app_key: APP_KEY, master_secret: MASTER_SECRET, base_url: jpush.baseUrl } }, webhookUrl: undefined },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryablePushError);
    expect((err as RetryablePushError).retryAfterMs).toBe(7000);
  });
});
