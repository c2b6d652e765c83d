/**
 * The push queue without Redis: push_messages itself is the queue. Each worker polls for
 * due pending messages and delivers those it can lease, so any number of instances can
 * run workers against one database.
 */
import type { Logger } from 'pino';
import type { PushMessageRepository } from '../modules/push/push-message.repository.js';
import type { PushQueue } from './push-queue.js';

export class DbPushQueue implements PushQueue {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private deliver: ((pushId: number) => Promise<void>) | undefined;
  private closed = false;

  constructor(
    private readonly messages: PushMessageRepository,
    private readonly logger: Logger,
    private readonly due: () => Promise<number[]>,
    private readonly pollMs = 1000,
  ) {}

  enqueue(): Promise<void> {
    // The row is already the queue entry; wake the local worker so "now" means now.
    this.poke();
    return Promise.resolve();
  }

  remove(): Promise<void> {
    return Promise.resolve();
  }

  startWorker(deliver: (pushId: number) => Promise<void>): void {
    this.deliver = deliver;
    this.timer = setInterval(() => this.poke(), this.pollMs);
    this.timer.unref();
    this.poke();
  }

  private poke(): void {
    if (!this.deliver || this.closed || this.running) return;
    const deliver = this.deliver;
    this.running = (async () => {
      try {
        for (const id of await this.due()) {
          if (this.closed) break;
          try {
            await deliver(id);
          } catch (err) {
            // One failing message must not hold up those queued behind it.
            this.logger.error({ err, push_id: id }, 'push delivery failed; retried later');
          }
        }
      } catch (err) {
        this.logger.error({ err }, 'push worker poll failed');
      } finally {
        this.running = undefined;
      }
    })();
  }

  depth(): Promise<number> {
    return this.messages.pendingCount();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
