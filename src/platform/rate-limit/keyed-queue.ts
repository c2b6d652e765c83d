/**
 * Runs tasks one at a time per key, in the order they were queued; tasks of different keys
 * run side by side. The SQL rate-limit store queues reservations of a bucket here before
 * taking the bucket's database lock: otherwise a burst on one bucket (50 logins of one
 * account) holds one pooled connection per waiter, and every other query of the process
 * waits for a connection behind them.
 *
 * A task waits for its turn at most `maxWaitMs`, then runs anyway: the queue only spares
 * connections, the database lock still does the serialising. While the database is
 * unreachable each task fails only after the pool's connect timeout, and a queue without
 * this bound would add those timeouts up for the requests at its end.
 */
export class KeyedQueue {
  /** The last task queued per key (settled, never rejected); a key leaves when its queue empties. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly maxWaitMs: number) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.runAll([key], task);
  }

  /**
   * Runs `task` after the tasks already queued on any of `keys`, and before those queued on
   * them later. It joins every key's queue at once, so two callers never wait on each other.
   */
  runAll<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    const previous = unique.flatMap((k) => this.tails.get(k) ?? []);
    const result = (previous.length > 0 ? this.turn(Promise.all(previous)) : Promise.resolve()).then(task);
    // The next tasks wait for this one to finish, whether it succeeds or not.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    for (const k of unique) {
      this.tails.set(k, tail);
      void tail.then(() => {
        if (this.tails.get(k) === tail) this.tails.delete(k);
      });
    }
    return result;
  }

  /** Keys with tasks queued or running. */
  get size(): number {
    return this.tails.size;
  }

  private turn(previous: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.maxWaitMs);
    });
    return Promise.race([previous.then(() => undefined), late]).finally(() => clearTimeout(timer));
  }
}
