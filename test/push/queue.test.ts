/**
 * The in-process worker on the database queue (no REDIS_URL): a push created through the
 * admin API is delivered without anyone calling the delivery, and closing the container
 * waits for the delivery in hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { DbPushQueue } from '../../src/jobs/db-push-queue.js';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { EVENT_MS } from '../helpers/wait.js';

let t: TestApp;
let hook: Receiver;
let admin: string;

/** Waits (bounded generously: the worker polls on real time) for a condition driven by the worker. */
async function until(check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + EVENT_MS;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met in ${EVENT_MS} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const status = async (id: number) =>
  (await t.request({ method: 'GET', url: `/admin/api/push/${id}`, headers: auth(admin) })).body.data.push_status as number;

beforeAll(async () => {
  hook = await startReceiver();
  t = await buildTestApp({ env: { PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: hook.url } });
  expect(t.container.pushQueue).toBeInstanceOf(DbPushQueue);
  admin = await adminToken(t);
  const u = await registerUser(t);
  await t.request({
    method: 'POST',
    url: '/api/push/bind',
    headers: auth(u.accessToken),
    payload: { client_id: 'q-1', client_type: 'ios' },
  });
  t.container.startWorker();
});
afterAll(async () => {
  await t.close();
  await hook.close();
});

describe('DbPushQueue in-process worker', () => {
  it('delivers a push created through the admin API on its own', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/admin/api/push',
      headers: auth(admin),
      payload: { push_title: 'Now', push_body: '', push_scope: 0 },
    });
    await until(async () => (await status(res.body.data.id)) === 1);
    expect(hook.requests.map((r) => r.body.client_ids)).toEqual([['q-1']]);
    expect(await t.container.pushQueue.depth()).toBe(0);
  });

  it('closing waits for the delivery in hand, which then ends recorded', async () => {
    hook.requests.length = 0;
    let answer: ServerResponse | undefined;
    hook.respond((_r, res) => {
      answer = res;
    });
    const res = await t.request({
      method: 'POST',
      url: '/admin/api/push',
      headers: auth(admin),
      payload: { push_title: 'In hand', push_body: '', push_scope: 0 },
    });
    await until(() => answer !== undefined);
    expect(await t.container.pushQueue.depth()).toBe(1);
    let closed = false;
    const closing = t.container.pushQueue.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    answer!.writeHead(200).end('{}');
    await closing;
    expect(await status(res.body.data.id)).toBe(1);
  });
});
