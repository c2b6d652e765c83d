/**
 * The Getui adapter end to end against a local fake of Getui REST v2: devices bound
 * through the API, pushes created by an operator, delivered by the worker, and the exact
 * requests checked (sign, token header, taskid flow, batch sizes, payload shapes).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { FakeGetui } from '../helpers/fake-getui.js';

const CREDS = { appId: 'gtApp01', appKey: 'gtKey01', masterSecret: 'gtMasterSecret01' };

let t: TestApp;
let getui: FakeGetui;
let admin: string;

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
      payload: { client_id, client_type: clientType },
    });
    expect(res.body.code).toBe(0);
    expect(res.body.data.client_id).toBe(client_id);
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

async function configure(masterSecret = CREDS.masterSecret) {
  const res = await t.request({
    method: 'PUT',
    url: '/admin/api/apps/_default',
    headers: auth(admin),
    payload: {
      push_config: {
        android_provider: 'getui',
        ios_provider: 'getui',
        getui: { app_id: CREDS.appId, app_key: CREDS.appKey, master_secret: masterSecret, base_url: getui.baseUrl },
      },
    },
  });
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
}

const bound = async (ids: string[]) =>
  (await t.container.database.db.selectFrom('push_bindings').select('client_id').where('client_id', 'in', ids).execute())
    .map((r) => r.client_id)
    .sort();
const cidCalls = () => getui.calls.filter((c) => c.url.endsWith('/push/list/cid'));
const messageCalls = () => getui.calls.filter((c) => c.url.endsWith('/push/list/message'));

beforeAll(async () => {
  getui = await FakeGetui.start(CREDS);
  t = await buildTestApp({ overrides: { delivery: { retryBaseMs: 1 } } });
  admin = await adminToken(t);
  await configure();
});
afterAll(async () => {
  await t.close();
  await getui.close();
});
beforeEach(() => getui.reset());

describe('Getui REST v2 adapter', () => {
  it('signs /auth, sends the token on every call, lists ≤ 1000 cids per task call, payload with title/body/extras', async () => {
    const a = await user();
    const ids = Array.from({ length: 1001 }, (_, i) => `gt-a-${String(i).padStart(4, '0')}`);
    await bind(a.token, ids);
    await bind(a.token, ['gt-i-1'], 'ios');
    const extras = { screen: 'orders', order_id: '7' };
    const push = await pushTo([a.id], { extras });
    expect(push).toMatchObject({ push_status: 1, targeted: 1002, sent: 1002, failed: 0, skipped: 0, extras });

    // One /auth, signed as Getui specifies (recomputed here), at {base}/{appId}/auth.
    expect(getui.auths).toHaveLength(1);
    const authBody = getui.auths[0]!.body as { sign: string; timestamp: string; appkey: string };
    expect(getui.auths[0]!.url).toBe(`/v2/${CREDS.appId}/auth`);
    expect(authBody.appkey).toBe(CREDS.appKey);
    expect(authBody.timestamp).toMatch(/^\d{13}$/);
    expect(authBody.sign).toBe(
      createHash('sha256')
        .update(CREDS.appKey + authBody.timestamp + CREDS.masterSecret)
        .digest('hex'),
    );
    expect(getui.auths[0]!.headers.token).toBeUndefined();

    // Every other call carries the issued token.
    for (const c of getui.calls) expect(c.headers.token).toBe('token-1');
    // One message (taskid) per batch: android 1000 + 1, ios 1.
    expect(messageCalls()).toHaveLength(3);
    const sizes = cidCalls().map((c) => (c.body as { audience: { cid: string[] } }).audience.cid.length);
    expect(sizes.sort((x, y) => y - x)).toEqual([1000, 1, 1]);
    expect(
      cidCalls()
        .flatMap((c) => (c.body as { audience: { cid: string[] } }).audience.cid)
        .sort(),
    ).toEqual([...ids, 'gt-i-1'].sort());
    for (const c of cidCalls()) {
      const body = c.body as { taskid: string; is_async: boolean };
      expect(getui.tasks.has(body.taskid)).toBe(true);
      expect(body.is_async).toBe(false);
    }

    const messages = messageCalls().map((c) => c.body as Record<string, any>);
    for (const m of messages) {
      expect(m.request_id).toMatch(/^[0-9a-f]{32}$/);
      expect(m.settings.ttl).toBeGreaterThan(0);
      expect(m.audience).toBeUndefined();
    }
    expect(new Set(messages.map((m) => m.request_id)).size).toBe(3);
    const android = messages.find((m) => m.push_message.notification)!;
    expect(android.push_message.notification).toEqual({
      title: 'Title',
      body: 'Body',
      click_type: 'payload',
      payload: JSON.stringify(extras),
    });
    const ios = messages.find((m) => m.push_channel)!;
    expect(JSON.parse(ios.push_message.transmission)).toEqual({ title: 'Title', body: 'Body', extras });
    expect(ios.push_channel.ios).toMatchObject({
      type: 'notify',
      aps: { alert: { title: 'Title', body: 'Body' } },
      payload: JSON.stringify(extras),
    });
  });

  it('reuses the token across pushes: no /auth while it is valid; no extras opens the app', async () => {
    const a = await user();
    await bind(a.token, ['gt-reuse-1']);
    for (let i = 0; i < 3; i += 1) expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 1, failed: 0 });
    expect(getui.auths).toHaveLength(0);
    expect(messageCalls()).toHaveLength(3);
    expect((messageCalls()[0]!.body as Record<string, any>).push_message.notification).toEqual({
      title: 'Title',
      body: 'Body',
      click_type: 'startapp',
    });
  });

  it('renews the token once after 10001 and repeats the call once', async () => {
    const a = await user();
    await bind(a.token, ['gt-renew-1']);
    getui.expireTokens();
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 1, failed: 0 });
    expect(getui.auths).toHaveLength(1);
    // list/message refused (10001), then repeated with the new token; list/cid with it too.
    expect(getui.calls.map((c) => [c.url.replace(`/v2/${CREDS.appId}`, ''), c.headers.token])).toEqual([
      ['/push/list/message', 'token-1'],
      ['/push/list/message', 'token-2'],
      ['/push/list/cid', 'token-2'],
    ]);
  });

  it('removes the binding of a dead cid; in a batch where none is live, finds the dead ones one by one', async () => {
    const a = await user();
    await bind(a.token, ['gt-dead-1']);
    getui.dead.add('gt-dead-1');
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 0, failed: 1, push_status: 2 });
    expect(await bound(['gt-dead-1'])).toEqual([]);

    const b = await user();
    await bind(b.token, ['gt-dead-2', 'gt-dead-3', 'gt-dead-4']);
    for (const id of ['gt-dead-2', 'gt-dead-3', 'gt-dead-4']) getui.dead.add(id);
    getui.reset();
    expect(await pushTo([b.id])).toMatchObject({ targeted: 3, sent: 0, failed: 3 });
    expect(await bound(['gt-dead-2', 'gt-dead-3', 'gt-dead-4'])).toEqual([]);
    // The batch call, then one call per cid on the same task.
    const audiences = cidCalls().map((c) => (c.body as { audience: { cid: string[] } }).audience.cid);
    expect(audiences).toEqual(
      [['gt-dead-2', 'gt-dead-3', 'gt-dead-4'].sort(), ['gt-dead-2'], ['gt-dead-3'], ['gt-dead-4']].map((x) => x.sort()),
    );
    expect(new Set(cidCalls().map((c) => (c.body as { taskid: string }).taskid)).size).toBe(1);
  });

  it('retries rate limits (10005), service starting (2) and 5xx, then delivers', async () => {
    const a = await user();
    await bind(a.token, ['gt-retry-1']);
    getui.override((req, res) => {
      if (!req.url.endsWith('/push/list/message')) return false;
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 10005, msg: 'flow control' }));
      return true;
    });
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 1, failed: 0 });
    expect(messageCalls()).toHaveLength(2);
    getui.override((req, res) => {
      if (!req.url.endsWith('/push/list/cid')) return false;
      res.writeHead(502).end('bad gateway');
      return true;
    });
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 1, failed: 0 });
    getui.override((req, res) => {
      if (!req.url.endsWith('/push/list/message')) return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 2, msg: 'service starting' }));
      return true;
    });
    expect(await pushTo([a.id])).toMatchObject({ targeted: 1, sent: 1, failed: 0 });
  });

  it('refused credentials fail the batch at once and keep the bindings', async () => {
    const a = await user();
    await bind(a.token, ['gt-cred-1', 'gt-cred-2']);
    await configure('a-wrong-master-secret');
    try {
      getui.expireTokens();
      expect(await pushTo([a.id])).toMatchObject({ targeted: 2, sent: 0, failed: 2, push_status: 2 });
      expect(getui.auths).toHaveLength(1);
      expect(cidCalls()).toHaveLength(0);
      expect(await bound(['gt-cred-1', 'gt-cred-2'])).toEqual(['gt-cred-1', 'gt-cred-2']);
    } finally {
      await configure();
    }
  });
});
