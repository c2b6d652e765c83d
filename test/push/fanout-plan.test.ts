/**
 * Planning a push reads its audience in pages: the figures, batches and addressees of a
 * push to several pages of devices are exact, and no read takes more than one page.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let hook: Receiver;
let admin: string;
const ANDROID = 4300;
const IOS = 700;
const OFF_EVERY = 10;

beforeAll(async () => {
  hook = await startReceiver();
  t = await buildTestApp({ env: { PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: hook.url } });
  admin = await adminToken(t);
  const me = async () => {
    const u = await registerUser(t);
    return (await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) })).body.data.id as number;
  };
  const androidUser = await me();
  const iosUser = await me();
  const now = t.clock.now();
  const rows = [
    ...Array.from({ length: ANDROID }, (_, i) => ({
      user_id: androidUser,
      client_id: `a-${i}`,
      client_type: 'android',
      switch: i % OFF_EVERY === 0 ? 0 : 1,
    })),
    ...Array.from({ length: IOS }, (_, i) => ({ user_id: iosUser, client_id: `i-${i}`, client_type: 'ios', switch: 1 })),
  ].map((r) => ({ ...r, app_id: '', provider: 'webhook', created_at: now, updated_at: now }));
  for (let i = 0; i < rows.length; i += 500)
    await t.container.database.db
      .insertInto('push_bindings')
      .values(rows.slice(i, i + 500))
      .execute();
});
afterAll(async () => {
  await t.close();
  await hook.close();
});

describe('planning a push to several pages of devices', () => {
  it('reads the audience a page at a time and keeps every figure exact', async () => {
    const bindings = (t.container.pushDelivery as unknown as { bindings: { audiencePage: (...a: unknown[]) => Promise<unknown[]> } })
      .bindings;
    const pageSpy = vi.spyOn(bindings, 'audiencePage');
    const created = await t.request({
      method: 'POST',
      url: '/admin/api/push',
      headers: auth(admin),
      payload: { push_title: 'fan-out', push_body: 'to every android device', push_scope: 1 },
    });
    expect(created.body.code).toBe(0);
    await t.container.pushDelivery.deliverDue('fanout');

    const off = Math.ceil(ANDROID / OFF_EVERY);
    const push = (await t.request({ method: 'GET', url: `/admin/api/push/${created.body.data.id}`, headers: auth(admin) })).body.data;
    expect(push).toMatchObject({ push_status: 1, targeted: ANDROID, skipped: off, sent: ANDROID - off, failed: 0 });
    const delivered = hook.requests.flatMap((r) => r.body.client_ids as string[]);
    expect(delivered).toHaveLength(ANDROID - off);
    expect(new Set(delivered).size).toBe(ANDROID - off);
    expect(hook.requests.every((r) => (r.body.client_ids as string[]).length <= 1000)).toBe(true);

    // Pages of at most 2000 rows: 4300 android bindings take three reads.
    const reads = await Promise.all(pageSpy.mock.results.map((r) => r.value as Promise<unknown[]>));
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.every((rows) => rows.length <= 2000)).toBe(true);
    expect(pageSpy.mock.calls.every((c) => c[5] === 2000)).toBe(true);

    // Addressed to the one user owning android devices, recorded once.
    const targets = await t.container.database.db
      .selectFrom('push_targets')
      .select('user_id')
      .where('push_id', '=', created.body.data.id)
      .execute();
    expect(targets).toHaveLength(1);
  });
});
