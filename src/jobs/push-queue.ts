/**
 * The push delivery queue. The database is the source of truth (push_messages and
 * push_batches); a queue only decides when and where delivery of a message runs.
 * Without Redis, workers poll the database for due messages and claim them with a lease;
 * with REDIS_URL, BullMQ holds delayed jobs. Either way, delivering a message twice is
 * harmless: batches recorded as sent are never sent again.
 */
export interface PushQueue {
  /** Asks for delivery of push message `pushId` at `runAt` (epoch ms; now or past = at once). */
  enqueue(appId: string, pushId: number, runAt: number): Promise<void>;
  /** Forgets a scheduled delivery (canceled push); a no-op when nothing is scheduled. */
  remove(pushId: number): Promise<void>;
  /** Starts consuming in this process; `deliver` runs one message's delivery to the end. */
  startWorker(deliver: (pushId: number) => Promise<void>): void;
  /** Messages waiting for delivery (for /metrics). */
  depth(): Promise<number>;
  close(): Promise<void>;
}
