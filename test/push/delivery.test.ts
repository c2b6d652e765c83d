import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let hook: Receiver;
let admin: string;

interface U {
  token: string;
  id: number;
}
let android: U;
let ios: U;
let both: U;
let quiet: U;

async function user(): Promise<U> {
  const u = await registerUser(t);
  const me = await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) });
  return { token: u.accessToken, id: me.body.data.id };
}

async function bind(u: U, clientId: string, clientType: 'android' | 'ios') {
  const res = await t.request({
    method: 'POST',
    url: '/api/push/bind',
    headers: auth(u.token),
    payload: { client_id: clientId, client_type: clientType },
  });
  expect(res.body.code).toBe(0);
}

async function createPush(payload: object, headers: Record<string, string> = {}) {
  const res = await t.request({ method: 'POST', url: '/admin/api/push', headers: { ...auth(admin), ...headers }, payload });
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  return res.body.data;
}

async function getPush(id: number) {
  return (await t.request({ method: 'GET', url: `/admin/api/push/${id}`, headers: auth(admin) })).body.data;
}

const receivedIds = () => hook.requests.flatMap((r) => r.body.client_ids as string[]).sort();
const deliver = () => t.container.pushDelivery.deliverDue('test-worker');

beforeAll(async () => {
  hook = await startReceiver();
  t = await buildTestApp({ env: { PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: hook.url }, overrides: { delivery: { retryBaseMs: 5 } } });
  admin = await adminToken(t);
  await createApp(t, 'other');
  android = await user();
  ios = await user();
  both = await user();
  quiet = await user();
  await bind(android, 'a-1', 'android');
  await bind(ios, 'i-1', 'ios');
  await bind(both, 'b-a', 'android');
  await bind(both, 'b-i', 'ios');
  await bind(quiet, 'q-a', 'android');
  await t.request({ method: 'PUT', url: '/api/push/switch/q-a', headers: auth(quiet.token), payload: { switch: false } });
  const otherUser = await registerUser(t, undefined, undefined, { 'x-app-id': 'other' });
  await t.request({
    method: 'POST',
    url: '/api/push/bind',
    headers: { ...auth(otherUser.accessToken), 'x-app-id': 'other' },
    payload: { client_id: 'o-1', client_type: 'android' },
  });
});
afterAll(async () => {
  await t.close();
  await hook.close();
});
beforeEach(() => {
  hook.requests.length = 0;
  hook.respond((_r, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});

describe('push delivery audience (what the webhook receiver gets)', () => {
  it('scope 0: every switched-on device of the app; switched-off skipped; other apps never', async () => {
    const p = await createPush({ push_title: 'Hello', push_body: 'All', push_scope: 0 });
    expect(p).toMatchObject({ push_status: 0, targeted: 0, send_at: '', user_ids: [] });
    await deliver();
    expect(receivedIds()).toEqual(['a-1', 'b-a', 'b-i', 'i-1']);
    const body = hook.requests[0]!.body;
    expect(body).toMatchObject({ app_id: '', push_id: p.id, title: 'Hello', body: 'All' });
    expect(['android', 'ios']).toContain(body.client_type);
    const done = await getPush(p.id);
    expect(done).toMatchObject({ push_status: 1, targeted: 5, sent: 4, failed: 0, skipped: 1 });
  });

  it('scope 1 android only, scope 2 ios only', async () => {
    await createPush({ push_title: 'A', push_body: '', push_scope: 1 });
    await deliver();
    expect(receivedIds()).toEqual(['a-1', 'b-a']);
    expect(hook.requests.every((r) => r.body.client_type === 'android')).toBe(true);
    hook.requests.length = 0;
    await createPush({ push_title: 'I', push_body: '', push_scope: 2 });
    await deliver();
    expect(receivedIds()).toEqual(['b-i', 'i-1']);
  });

  it('scope 3: only the listed users; user_ids required', async () => {
    const p = await createPush({ push_title: 'U', push_body: '', push_scope: 3, user_ids: [both.id, quiet.id] });
    expect(p.user_ids).toEqual([both.id, quiet.id]);
    await deliver();
    expect(receivedIds()).toEqual(['b-a', 'b-i']);
    expect(await getPush(p.id)).toMatchObject({ targeted: 3, sent: 2, skipped: 1, failed: 0 });
    for (const payload of [
      { push_title: 'U', push_body: '', push_scope: 3 },
      { push_title: 'U', push_body: '', push_scope: 3, user_ids: [] },
    ]) {
      const res = await t.request({ method: 'POST', url: '/admin/api/push', headers: auth(admin), payload });
      expect(res.body.code).toBe(10005);
    }
  });

  it('removes bindings the receiver reports invalid and counts them failed', async () => {
    await bind(android, 'dead-1', 'android');
    hook.respond((_r, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ invalid: ['dead-1', 'not-sent'] })),
    );
    const p = await createPush({ push_title: 'X', push_body: '', push_scope: 1 });
    await deliver();
    const done = await getPush(p.id);
    expect(done).toMatchObject({ push_status: 1, targeted: 4, sent: 2, failed: 1, skipped: 1 });
    const gone = await t.container.database.db
      .selectFrom('push_bindings')
      .select('id')
      .where('client_id', '=', 'dead-1')
      .executeTakeFirst();
    expect(gone).toBeUndefined();
  });

  it('retries 500 answers, then counts the batch failed; sent + failed + skipped = targeted', async () => {
    hook.respond((_r, res) => res.writeHead(500).end());
    const p = await createPush({ push_title: 'F', push_body: '', push_scope: 2 });
    await deliver();
    expect(hook.requests.length).toBe(3);
    const done = await getPush(p.id);
    expect(done).toMatchObject({ push_status: 2, targeted: 2, sent: 0, failed: 2, skipped: 0 });
    expect(done.sent + done.failed + done.skipped).toBe(done.targeted);
  });

  it('recovers when a retry succeeds', async () => {
    let calls = 0;
    hook.respond((_r, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(503).end();
      else res.writeHead(200).end('{}');
    });
    const p = await createPush({ push_title: 'R', push_body: '', push_scope: 2 });
    await deliver();
    expect(await getPush(p.id)).toMatchObject({ push_status: 1, sent: 2, failed: 0 });
  });
});

describe('batching and resuming', () => {
  it('splits more than 1000 devices into batches and resumes without resending done batches', async () => {
    const db = t.container.database.db;
    const now = t.clock.now();
    const rows = Array.from({ length: 1500 }, (_, i) => ({
      app_id: 'other',
      user_id: 999999,
      client_id: `bulk-${i}`,
      client_type: 'ios',
      provider: 'webhook',
      switch: 1,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 250)
      await db
        .insertInto('push_bindings')
        .values(rows.slice(i, i + 250))
        .execute();
    await db
      .updateTable('apps')
      .set({ push_config: JSON.stringify({ ios_provider: 'webhook', webhook_url: hook.url }) })
      .where('app_id', '=', 'other')
      .execute();
    const p = await createPush({ push_title: 'Bulk', push_body: '', push_scope: 2 }, { 'x-app-id': 'other' });
    const msgId = p.id as number;
    // Simulate a crash after the first batch: plan and send one batch only.
    const delivery = t.container.pushDelivery as unknown as { plan(m: unknown): Promise<void> };
    const msg = await db.selectFrom('push_messages').selectAll().where('id', '=', msgId).executeTakeFirstOrThrow();
    await delivery.plan(msg);
    const batches = await db.selectFrom('push_batches').selectAll().where('push_id', '=', msgId).orderBy('id').execute();
    expect(batches.map((b) => (JSON.parse(b.client_ids) as string[]).length)).toEqual([1000, 500]);
    // Mark the first batch sent as a crashed worker would have left it.
    await db.updateTable('push_batches').set({ status: 1, sent: 1000 }).where('id', '=', batches[0]!.id).execute();
    // ...and its lease, expired now: another worker takes the message over.
    await db
      .updateTable('push_messages')
      .set({ sent: 1000, locked_by: 'crashed-worker', locked_until: t.clock.now() - 1 })
      .where('id', '=', msgId)
      .execute();
    hook.respond((_r, res) => res.writeHead(200).end('{}'));
    hook.requests.length = 0;
    await deliver();
    expect(hook.requests).toHaveLength(1);
    expect((hook.requests[0]!.body.client_ids as string[]).length).toBe(500);
    expect((hook.requests[0]!.body.client_ids as string[])[0]).toBe('bulk-1000');
    const done = (await t.request({ method: 'GET', url: `/admin/api/push/${msgId}`, headers: { ...auth(admin), 'x-app-id': 'other' } }))
      .body.data;
    expect(done).toMatchObject({ push_status: 1, targeted: 1500, sent: 1500, failed: 0 });
  });
});

describe('scheduling and cancel', () => {
  it('holds a push with send_at until the clock passes it', async () => {
    const at = new Date(t.clock.now() + 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    const p = await createPush({ push_title: 'Later', push_body: '', push_scope: 1, send_at: at });
    expect(p.send_at).toBe(at);
    await deliver();
    expect(hook.requests).toHaveLength(0);
    t.clock.advance(3600_000 + 1000);
    await deliver();
    expect(receivedIds()).toEqual(['a-1', 'b-a']);
    expect((await getPush(p.id)).push_status).toBe(1);
  });

  it('cancels a pending push, which is then never delivered; afterwards cancel is 10005', async () => {
    const at = new Date(t.clock.now() + 60_000).toISOString().slice(0, 19).replace('T', ' ');
    const p = await createPush({ push_title: 'Nope', push_body: '', push_scope: 0, send_at: at });
    const canceled = await t.request({ method: 'POST', url: `/admin/api/push/${p.id}/cancel`, headers: auth(admin) });
    expect(canceled.body.data.push_status).toBe(3);
    t.clock.advance(120_000);
    await deliver();
    expect(hook.requests).toHaveLength(0);
    const again = await t.request({ method: 'POST', url: `/admin/api/push/${p.id}/cancel`, headers: auth(admin) });
    expect(again.body.code).toBe(10005);
    const sentOne = await createPush({ push_title: 'Sent', push_body: '', push_scope: 2 });
    await deliver();
    expect((await t.request({ method: 'POST', url: `/admin/api/push/${sentOne.id}/cancel`, headers: auth(admin) })).body.code).toBe(10005);
  });

  it.each([
    [{ push_title: 'x', push_body: '', push_scope: 4 }],
    [{ push_title: '', push_body: '', push_scope: 0 }],
    [{ push_title: 'x', push_body: '', push_scope: 0, send_at: '2026-13-01 00:00:00' }],
    [{ push_title: 'x', push_body: '', push_scope: 0, send_at: 'tomorrow' }],
    [{ push_title: 'x', push_body: '', push_scope: '0' }],
  ])('refuses %j with 10005', async (payload) => {
    const res = await t.request({ method: 'POST', url: '/admin/api/push', headers: auth(admin), payload });
    expect(res.body.code).toBe(10005);
  });

  it('lists pushes newest first and answers 10001 for other apps and unknown ids', async () => {
    const list = await t.request({ method: 'GET', url: '/admin/api/push?page_size=2', headers: auth(admin) });
    expect(list.body.data.data).toHaveLength(2);
    expect(list.body.data.data[0].id).toBeGreaterThan(list.body.data.data[1].id);
    expect((await t.request({ method: 'GET', url: '/admin/api/push/999999', headers: auth(admin) })).body.code).toBe(10001);
    const mine = list.body.data.data[0].id;
    const cross = await t.request({ method: 'GET', url: `/admin/api/push/${mine}`, headers: { ...auth(admin), 'x-app-id': 'other' } });
    expect(cross.body.code).toBe(10001);
    const audit = await t.container.database.db.selectFrom('audit_logs').select('action').where('target_type', '=', 'push').execute();
    expect(audit.some((a) => a.action === 'push.create')).toBe(true);
    expect(audit.some((a) => a.action === 'push.cancel')).toBe(true);
  });
});

describe('two workers', () => {
  it('deliver a message once: the lease keeps the second away', async () => {
    const p = await createPush({ push_title: 'Once', push_body: '', push_scope: 2 });
    await Promise.all([t.container.pushDelivery.deliverDue('w1'), t.container.pushDelivery.deliverDue('w2')]);
    expect(receivedIds()).toEqual(['b-i', 'i-1']);
    expect((await getPush(p.id)).sent).toBe(2);
  });
});
