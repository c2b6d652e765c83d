/**
 * The BullMQ push queue (REDIS_URL) against the real Redis: one job per message, delayed
 * jobs for send_at, removal on cancel, depth, early jobs sent back to wait, and delivery
 * that stays single when a job runs twice. Every test app uses its own key prefix.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullmqPushQueue } from '../../src/jobs/bullmq-push-queue.js';
import { createRedis } from '../../src/platform/redis.js';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { clearRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../helpers/redis.js';
import { EVENT_MS } from '../helpers/wait.js';

const logger = pino({ level: 'silent' });

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = EVENT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('BullmqPushQueue', () => {
  const prefix = uniqueRedisPrefix('bullmq');
  const queues: BullmqPushQueue[] = [];
  const opened: Redis[] = [];
  const make = (now: () => number = Date.now) => {
    const q = new BullmqPushQueue({
      connect: (role, blocking) => {
        const r = createRedis(TEST_REDIS_URL, logger, role, blocking ? { forBlocking: true } : {});
        opened.push(r);
        return r;
      },
      prefix,
      logger,
      due: () => Promise.resolve([]),
      now,
    });
    queues.push(q);
    return q;
  };
  /** Closes a queue (and its worker) so that it takes no job of the next test. */
  const stop = async (q: BullmqPushQueue) => {
    queues.splice(queues.indexOf(q), 1);
    await q.close();
  };
  // BullMQ's own view of the same queue, to look at job states.
  let inspect: Queue;

  beforeAll(() => {
    inspect = new Queue('push', { connection: new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null }), prefix: `${prefix}bull` });
  });
  afterAll(async () => {
    for (const q of queues) await q.close();
    await inspect.close();
    await (inspect.opts.connection as Redis).quit();
    await clearRedisPrefix(prefix);
  });

  it('queues a message once however often it is enqueued, delayed until send_at, and removes it on cancel', async () => {
    const q = make();
    await q.enqueue('', 101, Date.now() + 60_000);
    await q.enqueue('', 101, Date.now() + 60_000);
    expect(await q.depth()).toBe(1);
    const job = await inspect.getJob('push-101');
    expect(await job?.getState()).toBe('delayed');
    expect(job?.data).toMatchObject({ pushId: 101, appId: '' });
    await q.enqueue('', 102, Date.now() - 1000);
    expect(await (await inspect.getJob('push-102'))?.getState()).toBe('waiting');
    expect(await q.depth()).toBe(2);
    await q.remove(101);
    await q.remove(102);
    await q.remove(999); // nothing scheduled: a no-op
    expect(await q.depth()).toBe(0);
    expect(await inspect.getJob('push-101')).toBeUndefined();
  });

  it('delivers due jobs in a worker, and delayed ones only when due', async () => {
    const q = make();
    const delivered: { id: number; at: number }[] = [];
    q.startWorker((id) => {
      delivered.push({ id, at: Date.now() });
      return Promise.resolve();
    });
    const start = Date.now();
    await q.enqueue('', 201, start);
    await q.enqueue('', 202, start + 600);
    await until('both deliveries', () => delivered.length === 2);
    expect(delivered.map((d) => d.id)).toEqual([201, 202]);
    expect(delivered[1]!.at - start).toBeGreaterThanOrEqual(550);
    await until('an empty queue', async () => (await q.depth()) === 0);
    await stop(q);
  });

  it('sends a job that runs before its time by this worker’s clock back to wait', async () => {
    // The producer's clock runs 800 ms ahead of the worker's.
    const producer = make(() => Date.now() + 800);
    const worker = make();
    const delivered: number[] = [];
    worker.startWorker(() => {
      delivered.push(Date.now());
      return Promise.resolve();
    });
    const start = Date.now();
    await producer.enqueue('', 301, start + 800);
    await until('the delivery', () => delivered.length > 0);
    expect(delivered[0]! - start).toBeGreaterThanOrEqual(700);
    await new Promise((r) => setTimeout(r, 300));
    expect(delivered).toHaveLength(1);
    await stop(producer);
    await stop(worker);
  });

  it('closes every connection it opened', async () => {
    const before = opened.length;
    const q = make();
    q.startWorker(() => Promise.resolve());
    await q.depth();
    await stop(q);
    const mine = opened.slice(before);
    expect(mine.length).toBe(2);
    await until('connections ended', () => mine.every((r) => r.status === 'end'));
  });
});

describe('push delivery through BullMQ (REDIS_URL)', () => {
  const prefix = uniqueRedisPrefix('bullmq-app');
  let t: TestApp;
  let hook: Receiver;
  let admin: Record<string, string>;

  beforeAll(async () => {
    hook = await startReceiver();
    t = await buildTestApp({
      env: { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: hook.url },
    });
    const u = await registerUser(t);
    await t.request({
      method: 'POST',
      url: '/api/push/bind',
      headers: auth(u.accessToken),
      payload: { client_id: 'bq-1', client_type: 'android' },
    });
    admin = auth(await adminToken(t));
    t.container.startWorker();
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
    await clearRedisPrefix(prefix);
  });

  const status = async (id: number) =>
    (await t.request({ method: 'GET', url: `/admin/api/push/${id}`, headers: admin })).body.data.push_status as number;
  const format = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

  it('delivers a push once, even when its job runs again', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/admin/api/push',
      headers: admin,
      payload: { push_title: 'q', push_body: 'b', push_scope: 0 },
    });
    const id = created.body.data.id as number;
    await until('the push sent', async () => (await status(id)) === 1);
    // The job is gone once done; queue it again, as a retry or a second producer would.
    await t.container.pushQueue.enqueue('', id, t.clock.now());
    await until('the second run', async () => (await t.container.pushQueue.depth()) === 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(hook.requests.filter((r) => r.body.push_id === id)).toHaveLength(1);
  });

  it('holds a scheduled push in a delayed job until send_at, and removes the job on cancel', async () => {
    const later = await t.request({
      method: 'POST',
      url: '/admin/api/push',
      headers: admin,
      payload: { push_title: 'later', push_body: 'b', push_scope: 0, send_at: format(t.clock.now() + 3600_000) },
    });
    const canceledId = later.body.data.id as number;
    const soon = await t.request({
      method: 'POST',
      url: '/admin/api/push',
      headers: admin,
      payload: { push_title: 'soon', push_body: 'b', push_scope: 0, send_at: format(t.clock.now() + 2000) },
    });
    const soonId = soon.body.data.id as number;
    expect(await t.container.pushQueue.depth()).toBe(2);
    expect((await t.request({ method: 'POST', url: `/admin/api/push/${canceledId}/cancel`, headers: admin })).body.code).toBe(0);
    expect(await t.container.pushQueue.depth()).toBe(1);
    // Not due yet: nothing sent.
    await new Promise((r) => setTimeout(r, 500));
    expect(await status(soonId)).toBe(0);
    t.clock.advance(2000);
    await until('the scheduled push sent', async () => (await status(soonId)) === 1);
    expect(hook.requests.filter((r) => r.body.push_id === soonId)).toHaveLength(1);
    expect(hook.requests.filter((r) => r.body.push_id === canceledId)).toHaveLength(0);
  }, 240_000);
});
