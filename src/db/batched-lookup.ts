/**
 * Lookups by a unique key that arrive in the same event-loop turn go to the database as one
 * query (`key IN (...)`). On PostgreSQL each lookup alone pays a round trip and a statement
 * parsed, planned and run by a backend that shares the machine's cores with the server; a
 * turn of a busy server holds many. A lookup alone (a quiet server) runs its own query, in
 * the turn it arrived in. Every caller gets the row of its key, or undefined; when the shared
 * query fails, every caller of it gets the error.
 *
 * Rows are handed to every caller of their key as they are: callers must not change them.
 */

interface Waiter<R> {
  resolve: (row: R | undefined) => void;
  reject: (err: unknown) => void;
}

/** Keys a query holds at most: both dialects cap a statement's parameters. */
const MAX_KEYS = 500;

export class BatchedLookup<K, R> {
  private pending = new Map<K, Waiter<R>[]>();
  /** Queries run and the keys they looked up (tests read them). */
  readonly stats = { queries: 0, keys: 0 };

  /**
   * `one` finds the row of a single key (a query built once, prepared.ts); `many` the rows of
   * several, in any order; `keyOf` reads a row's key, to hand each row to its callers.
   */
  constructor(
    private readonly one: (key: K) => Promise<R | undefined>,
    private readonly many: (keys: K[]) => Promise<R[]>,
    private readonly keyOf: (row: R) => K,
  ) {}

  find(key: K): Promise<R | undefined> {
    if (this.pending.size === 0) setImmediate(() => this.flush());
    return new Promise<R | undefined>((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = new Map();
    const keys = [...batch.keys()];
    // Chunks run side by side, as the lookups they replace would have.
    for (let i = 0; i < keys.length; i += MAX_KEYS) void this.run(keys.slice(i, i + MAX_KEYS), batch);
  }

  private async run(keys: K[], batch: Map<K, Waiter<R>[]>): Promise<void> {
    let rows: Map<K, R>;
    try {
      this.stats.queries += 1;
      this.stats.keys += keys.length;
      const found = keys.length === 1 ? [await this.one(keys[0]!)] : await this.many(keys);
      rows = new Map();
      for (const row of found) if (row !== undefined) rows.set(this.keyOf(row), row);
    } catch (err) {
      for (const key of keys) for (const w of batch.get(key)!) w.reject(err);
      return;
    }
    for (const key of keys) for (const w of batch.get(key)!) w.resolve(rows.get(key));
  }
}
