/**
 * The push queue in Redis (REDIS_URL): a BullMQ delayed job per message (job id = push id,
 * so a message is queued once however often it is enqueued), consumed by whichever
 * instance's worker is free. The database stays the source of truth: a job that runs twice
 * sends nothing twice (delivery leases the message and skips batches recorded as sent), a
 * job that runs before its time (clocks of instances differ) goes back to wait, and a slow
 * sweep of the database delivers anything a lost job (a flushed Redis) would leave behind.
 */
import { DelayedError, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PushQueue } from './push-queue.js';

const SWEEP_MS = 30_000;
/** Deliveries at once per worker process: each one already sends batches of up to 1000. */
const CONCURRENCY = 2;

interface PushJob {
  pushId: number;
  appId: string;
  /** When the message is due (epoch ms); absent in jobs queued by older versions. */
  runAt?: number;
}

export interface BullmqPushQueueOptions {
  /** Opens a Redis connection; `blocking` ones serve the worker (no retry cap). */
  connect(role: string, blocking: boolean): Redis;
  /** Key prefix (REDIS_PREFIX); BullMQ's keys go under `<prefix>bull:push:`. */
  prefix: string;
  logger: Logger;
  /** Due pending messages in the database, for the sweep. */
  due(): Promise<number[]>;
  now(): number;
}

export class BullmqPushQueue implements PushQueue {
  private readonly queue: Queue<PushJob>;
  /** Connections this queue opened (BullMQ does not close connections it was given). */
  private readonly connections: Redis[] = [];
  private worker: Worker<PushJob> | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly options: BullmqPushQueueOptions) {
    this.queue = new Queue<PushJob>('push', { connection: this.open('queue', false), prefix: this.bullPrefix });
    this.queue.on('error', (err) => options.logger.warn({ err: err.message }, 'push queue error'));
  }

  private get bullPrefix(): string {
    return `${this.options.prefix}bull`;
  }

  private open(role: string, blocking: boolean): Redis {
    const redis = this.options.connect(role, blocking);
    this.connections.push(redis);
    return redis;
  }

  static jobId(pushId: number): string {
    // BullMQ refuses integer-looking custom ids.
    return `push-${pushId}`;
  }

  async enqueue(appId: string, pushId: number, runAt: number): Promise<void> {
    try {
      await this.queue.add(
        'deliver',
        { pushId, appId, runAt },
        {
          jobId: BullmqPushQueue.jobId(pushId),
          delay: Math.max(0, runAt - this.options.now()),
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: true,
          removeOnFail: 1000,
        },
      );
    } catch (err) {
      // The message is committed already; the database sweep will deliver it.
      this.options.logger.error({ err, push_id: pushId }, 'push job not queued; left to the sweep');
    }
  }

  async remove(pushId: number): Promise<void> {
    try {
      await this.queue.remove(BullmqPushQueue.jobId(pushId));
    } catch {
      // Active or already gone: the canceled status stops delivery anyway.
    }
  }

  startWorker(deliver: (pushId: number) => Promise<void>): void {
    const { logger } = this.options;
    this.worker = new Worker<PushJob>(
      'push',
      async (job, token) => {
        const early = (job.data.runAt ?? 0) - this.options.now();
        if (early > 0) {
          // Queued by an instance whose clock runs ahead of ours: wait until it is due by
          // ours. BullMQ schedules in wall-clock time, hence Date.now() plus the gap.
          await job.moveToDelayed(Date.now() + early, token);
          throw new DelayedError();
        }
        await deliver(job.data.pushId);
      },
      { connection: this.open('worker', true), prefix: this.bullPrefix, concurrency: CONCURRENCY },
    );
    this.worker.on('error', (err) => logger.warn({ err: err.message }, 'push worker error'));
    this.worker.on('failed', (job, err) => logger.warn({ push_id: job?.data.pushId, err: err.message }, 'push job failed'));
    this.sweeper = setInterval(() => {
      this.sweeping ??= (async () => {
        try {
          for (const id of await this.options.due()) {
            // One failing message must not hold up the others.
            await deliver(id).catch((err: unknown) => logger.error({ err, push_id: id }, 'push delivery failed; retried later'));
          }
        } catch (err) {
          logger.error({ err }, 'push sweep failed');
        } finally {
          this.sweeping = undefined;
        }
      })();
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  /** Jobs not finished yet: waiting, delayed (scheduled pushes) and being delivered. */
  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweeping;
    await this.worker?.close();
    await this.queue.close();
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
