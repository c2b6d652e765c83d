/** POST /admin/api/push `extras`: validated, stored, answered, and handed to the providers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let hook: Receiver;
let admin: string;

beforeAll(async () => {
  hook = await startReceiver();
  t = await buildTestApp({ env: { PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: hook.url } });
  admin = await adminToken(t);
  const u = await registerUser(t);
  const bound = await t.request({
    method: 'POST',
    url: '/api/push/bind',
    headers: auth(u.accessToken),
    payload: { client_id: 'x-1', client_type: 'android' },
  });
  expect(bound.body.code).toBe(0);
});
afterAll(async () => {
  await t.close();
  await hook.close();
});

const create = (payload: object) => t.request({ method: 'POST', url: '/admin/api/push', headers: auth(admin), payload });

describe('push extras', () => {
  it('are answered ({} when none), kept, and sent in the webhook body', async () => {
    const none = await create({ push_title: 't', push_body: 'b', push_scope: 0 });
    expect(none.body.data.extras).toEqual({});
    const extras = { screen: 'order', order_id: '42', 说明: '中文' };
    const res = await create({ push_title: 't', push_body: 'b', push_scope: 0, extras });
    expect(res.body.code).toBe(0);
    expect(res.body.data.extras).toEqual(extras);
    const audit = await t.container.database.db
      .selectFrom('audit_logs')
      .select('detail')
      .where('action', '=', 'push.create')
      .where('target_id', '=', String(res.body.data.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toMatchObject({ extras });
    await t.container.pushDelivery.deliverDue('w');
    const got = (await t.request({ method: 'GET', url: `/admin/api/push/${res.body.data.id}`, headers: auth(admin) })).body.data;
    expect(got).toMatchObject({ extras, targeted: 1, sent: 1 });
    const bodies = hook.requests.map((r) => r.body as { push_id: number; extras: unknown });
    expect(bodies.find((b) => b.push_id === res.body.data.id)?.extras).toEqual(extras);
    expect(bodies.find((b) => b.push_id === none.body.data.id)?.extras).toEqual({});
  });

  it('refuses values that are not strings and more than 2 KiB as JSON (10005)', async () => {
    for (const extras of [{ n: 1 }, { nested: { a: 'b' } }, ['a'], 'text']) {
      const res = await create({ push_title: 't', push_body: 'b', push_scope: 0, extras });
      expect(res.body.code, JSON.stringify(extras)).toBe(10005);
    }
    // {"k":"…"} is 8 bytes of JSON around the value: 2040 bytes of value fill 2 KiB exactly.
    expect((await create({ push_title: 't', push_body: 'b', push_scope: 0, extras: { k: 'v'.repeat(2040) } })).body.code).toBe(0);
    const over = await create({ push_title: 't', push_body: 'b', push_scope: 0, extras: { k: 'v'.repeat(2041) } });
    expect(over.body.code).toBe(10005);
    expect(over.status).toBe(400);
  });
});
