/**
 * The push queue in Redis (REDIS_URL): a BullMQ delayed job per message (job id = push id,
 * so a message is queued once), consumed by whichever instance's worker is free. The
 * database stays the source of truth: a job that runs twice sends nothing twice, a job that
 * finds its message not yet due re-queues itself, and a slow sweep of the database picks up
 * anything a lost job (flushed Redis) would have left behind.
 */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { PushQueue } from './push-queue.js';

const SWEEP_MS = 30_000;

interface PushJob {
  pushId: number;
  appId: string;
}

export class BullmqPushQueue implements PushQueue {
  private readonly queue: Queue<PushJob>;
  private worker: Worker<PushJob> | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly connection: ConnectionOptions,
    private readonly prefix: string,
    private readonly logger: Logger,
    /** Due pending messages in the database, for the sweep. */
    private readonly due: () => Promise<number[]>,
    private readonly now: () => number,
  ) {
    this.queue = new Queue<PushJob>('push', { connection, prefix: `${prefix}bull` });
    this.queue.on('error', (err) => logger.warn({ err: err.message }, 'push queue error'));
  }

  async enqueue(appId: string, pushId: number, runAt: number): Promise<void> {
    try {
      await this.add(appId, pushId, runAt);
    } catch (err) {
      // The message is committed already; the database sweep will deliver it.
      this.logger.error({ err, push_id: pushId }, 'push job not queued; left to the sweep');
    }
  }

  private async add(appId: string, pushId: number, runAt: number): Promise<void> {
    await this.queue.add(
      'deliver',
      { pushId, appId },
      {
        // BullMQ refuses integer-looking custom ids.
        jobId: `push-${pushId}`,
        delay: Math.max(0, runAt - this.now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }

  async remove(pushId: number): Promise<void> {
    try {
      await this.queue.remove(`push-${pushId}`);
    } catch {
      // Active or already gone: the canceled status stops delivery anyway.
    }
  }

  startWorker(deliver: (pushId: number) => Promise<void>): void {
    this.worker = new Worker<PushJob>(
      'push',
      async (job) => {
        await deliver(job.data.pushId);
      },
      { connection: this.connection, prefix: `${this.prefix}bull`, concurrency: 2 },
    );
    this.worker.on('error', (err) => this.logger.warn({ err: err.message }, 'push worker error'));
    this.worker.on('failed', (job, err) => this.logger.warn({ push_id: job?.data.pushId, err: err.message }, 'push job failed'));
    this.sweeper = setInterval(() => {
      this.sweeping ??= (async () => {
        try {
          for (const id of await this.due()) await deliver(id);
        } catch (err) {
          this.logger.error({ err }, 'push sweep failed');
        } finally {
          this.sweeping = undefined;
        }
      })();
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweeping;
    await this.worker?.close();
    await this.queue.close();
  }
}
