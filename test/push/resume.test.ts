/**
 * Delivery under failure: a worker that dies mid-delivery, an error while recording a
 * batch, a provider this build lacks, answers the webhook should not retry, timeouts.
 * Batches are made small (a webhook provider with maxBatch 2) so that a push has several.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERROR_HOLD_MS, LEASE_MS } from '../../src/jobs/push-delivery.js';
import type { PushMessageRepository } from '../../src/modules/push/push-message.repository.js';
import { WebhookPushProvider } from '../../src/providers/push/webhook-push-provider.js';
import type { PushBatch, PushContext, PushProvider, PushResult } from '../../src/providers/push/push-provider.js';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { EVENT_MS, until } from '../helpers/wait.js';
import type { ServerResponse } from 'node:http';

/**
 * The webhook provider with batches of 2. Its HTTP timeout is real time, so it is long
 * (ANSWERED_TIMEOUT_MS) for every request the receiver answers or holds on purpose: a short
 * one fired on a loaded machine, aborting the batch a test held and retrying it (5 requests,
 * not 4). Only a test about the timeout itself shortens it, for its next request alone.
 */
const ANSWERED_TIMEOUT_MS = EVENT_MS;
class SmallBatchWebhook extends WebhookPushProvider {
  override readonly maxBatch: number = 2;
  /** Timeout of the next request only. */
  nextTimeoutMs: number | undefined;
  override send(batch: PushBatch, context: PushContext): Promise<PushResult> {
    const timeoutMs = this.nextTimeoutMs ?? ANSWERED_TIMEOUT_MS;
    this.nextTimeoutMs = undefined;
    return new WebhookPushProvider(timeoutMs).send(batch, context);
  }
}
const webhook = new SmallBatchWebhook(ANSWERED_TIMEOUT_MS);

let t: TestApp;
let hook: Receiver;
let admin: string;
let userToken: string;
let userId: number;
const delivered: [string, string, number][] = [];
let hookThrows = false;

async function createPush(payload: object) {
  const res = await t.request({ method: 'POST', url: '/admin/api/push', headers: auth(admin), payload });
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  return res.body.data.id as number;
}
const getPush = async (id: number) => (await t.request({ method: 'GET', url: `/admin/api/push/${id}`, headers: auth(admin) })).body.data;
const received = () => hook.requests.map((r) => r.body.client_ids as string[]);
const ok = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}');

/** Waits (bounded generously) until the receiver has got `n` requests. */
async function untilReceived(n: number) {
  await until(() => hook.requests.length >= n, EVENT_MS, 10);
  expect(hook.requests.length).toBe(n);
}

beforeAll(async () => {
  hook = await startReceiver();
  const providers = new Map<string, PushProvider>([['webhook', webhook]]);
  t = await buildTestApp({
    env: { PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: hook.url },
    overrides: {
      pushProviders: providers as never,
      delivery: {
        retryBaseMs: 5,
        onDelivered: (provider, outcome, count) => {
          delivered.push([provider, outcome, count]);
          // A failing hook (metrics) must never stop a delivery.
          if (hookThrows) throw new Error('hook broke');
        },
      },
    },
  });
  admin = await adminToken(t);
  const u = await registerUser(t);
  userToken = u.accessToken;
  userId = (await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(userToken) })).body.data.id;
  for (const id of ['d1', 'd2', 'd3', 'd4', 'd5', 'd6']) {
    const res = await t.request({
      method: 'POST',
      url: '/api/push/bind',
      headers: auth(userToken),
      payload: { client_id: id, client_type: 'android' },
    });
    expect(res.body.code).toBe(0);
  }
});
afterAll(async () => {
  await t.close();
  await hook.close();
});
beforeEach(() => {
  webhook.nextTimeoutMs = undefined;
  hook.requests.length = 0;
  delivered.length = 0;
  hookThrows = false;
  hook.respond((_r, res) => ok(res));
});

describe('resuming an interrupted delivery', () => {
  it('a worker stalled past its lease is taken over; done batches are not sent again, nothing is counted twice', async () => {
    const id = await createPush({ push_title: 'Stall', push_body: '', push_scope: 1 });
    let release: (() => void) | undefined;
    hook.respond((_r, res) => {
      if (hook.requests.length === 2) release = () => ok(res);
      else ok(res);
    });
    // Worker 1 sends batch 1, then hangs on batch 2 (a stalled process).
    const stalled = t.container.pushDelivery.deliverDue('w1');
    await untilReceived(2);
    // While its lease lives, nobody else touches the message.
    expect(await t.container.pushDelivery.deliverDue('w2')).toBe(0);
    t.clock.advance(LEASE_MS + 1);
    // Worker 2 takes over: batch 1 is recorded done, so it resends only what is not.
    expect(await t.container.pushDelivery.deliverDue('w2')).toBe(1);
    expect(received()).toEqual([
      ['d1', 'd2'],
      ['d3', 'd4'],
      ['d3', 'd4'],
      ['d5', 'd6'],
    ]);
    // Worker 1 wakes up: it records nothing twice and, its lease gone, sends nothing more.
    release?.();
    expect(await stalled).toBe(0);
    expect(hook.requests).toHaveLength(4);
    expect(await getPush(id)).toMatchObject({ push_status: 1, targeted: 6, sent: 6, failed: 0, skipped: 0 });
  });

  it('an error while recording a batch holds the message back, then the rest is delivered, never the batches recorded done', async () => {
    const id = await createPush({ push_title: 'Crash', push_body: '', push_scope: 1 });
    const repo = (t.container.pushDelivery as unknown as { messages: PushMessageRepository }).messages;
    const original = repo.finishBatch.bind(repo);
    let calls = 0;
    const spy = vi.spyOn(repo, 'finishBatch').mockImplementation(async (...args) => {
      calls += 1;
      if (calls === 2) throw new Error('database went away');
      return original(...args);
    });
    try {
      expect(await t.container.pushDelivery.deliverDue('w1')).toBe(0);
      expect(received()).toEqual([
        ['d1', 'd2'],
        ['d3', 'd4'],
      ]);
      expect((await getPush(id)).push_status).toBe(0);
      // Held back: not retried at every poll...
      expect(await t.container.pushDelivery.deliverDue('w1')).toBe(0);
      expect(hook.requests).toHaveLength(2);
      // ...but once the hold ends, by any worker.
      t.clock.advance(ERROR_HOLD_MS + 1);
      expect(await t.container.pushDelivery.deliverDue('w2')).toBe(1);
    } finally {
      spy.mockRestore();
    }
    // Batch 2 was sent but not recorded: it goes again (at least once); batch 1 never does.
    expect(received()).toEqual([
      ['d1', 'd2'],
      ['d3', 'd4'],
      ['d3', 'd4'],
      ['d5', 'd6'],
    ]);
    expect(await getPush(id)).toMatchObject({ push_status: 1, targeted: 6, sent: 6, failed: 0 });
  });

  it('a provider failing on the second batch fails that batch only; a rerun sends nothing again', async () => {
    hook.respond((_r, res) => (hook.requests.length === 2 ? res.writeHead(400).end() : ok(res)));
    const id = await createPush({ push_title: 'Half', push_body: '', push_scope: 0 });
    await t.container.pushDelivery.deliverDue('w1');
    // 400 is not worth retrying: one request per batch.
    expect(hook.requests).toHaveLength(3);
    expect(await getPush(id)).toMatchObject({ push_status: 1, targeted: 6, sent: 4, failed: 2, skipped: 0 });
    await t.container.pushDelivery.deliver(id, 'w2');
    expect(hook.requests).toHaveLength(3);
    expect(delivered).toEqual([
      ['webhook', 'sent', 2],
      ['webhook', 'failed', 2],
      ['webhook', 'sent', 2],
    ]);
  });

  it('two deliveries of one message in the same process: only one sends', async () => {
    const id = await createPush({ push_title: 'Twice', push_body: '', push_scope: 1 });
    const results = await Promise.all([t.container.pushDelivery.deliver(id, 'same'), t.container.pushDelivery.deliver(id, 'same')]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(hook.requests).toHaveLength(3);
  });
});

describe('provider outcomes', () => {
  it('a device bound to a provider this build lacks fails its batch with a log line; the others go out', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/push/bind',
      headers: auth(userToken),
      payload: { client_id: 'fcm-1', client_type: 'android', provider: 'fcm' },
    });
    expect(res.body.code).toBe(0);
    const id = await createPush({ push_title: 'Mixed', push_body: '', push_scope: 1 });
    await t.container.pushDelivery.deliverDue('w1');
    expect(received().flat().sort()).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);
    expect(await getPush(id)).toMatchObject({ push_status: 1, targeted: 7, sent: 6, failed: 1 });
    await t.container.database.db.deleteFrom('push_bindings').where('client_id', '=', 'fcm-1').execute();
  });

  it('a webhook that never answers in PUSH_TIMEOUT_MS is retried', async () => {
    let first = true;
    hook.respond((_r, res) => {
      if (first) first = false;
      else ok(res);
    });
    // The first request is never answered; the answered ones keep the long timeout.
    webhook.nextTimeoutMs = 300;
    const id = await createPush({ push_title: 'Slow', push_body: '', push_scope: 3, user_ids: [userId] });
    await t.container.pushDelivery.deliverDue('w1');
    expect(hook.requests).toHaveLength(4);
    expect(await getPush(id)).toMatchObject({ push_status: 1, sent: 6, failed: 0 });
  });

  it('every device refused: the push is failed', async () => {
    hook.respond((_r, res) => res.writeHead(403).end());
    const id = await createPush({ push_title: 'No', push_body: '', push_scope: 1 });
    await t.container.pushDelivery.deliverDue('w1');
    expect(await getPush(id)).toMatchObject({ push_status: 2, targeted: 6, sent: 0, failed: 6 });
  });

  it('nobody in the audience: the push is sent with every figure 0', async () => {
    const id = await createPush({ push_title: 'Empty', push_body: '', push_scope: 2 });
    await t.container.pushDelivery.deliverDue('w1');
    expect(hook.requests).toHaveLength(0);
    expect(await getPush(id)).toMatchObject({ push_status: 1, targeted: 0, sent: 0, failed: 0, skipped: 0 });
  });

  it('a failing onDelivered hook does not stop the delivery', async () => {
    hookThrows = true;
    const id = await createPush({ push_title: 'Hook', push_body: '', push_scope: 1 });
    expect(await t.container.pushDelivery.deliverDue('w1')).toBe(1);
    expect(hook.requests).toHaveLength(3);
    expect(await getPush(id)).toMatchObject({ push_status: 1, sent: 6 });
  });
});
