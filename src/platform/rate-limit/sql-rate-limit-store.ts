/**
 * Rate-limit events in the database: shared by every instance on the same PostgreSQL (or
 * SQLite file). PostgreSQL serialises reservations of a bucket with a transaction-scoped
 * advisory lock; SQLite transactions are serialised already. Within a process, reservations
 * of a bucket also wait their turn in a queue before opening their transaction, so a burst
 * on one bucket holds one pooled connection, not one per waiting request.
 */
import { sql, type Kysely } from 'kysely';
import { lockForTransaction } from '../../db/locks.js';
import type { Database } from '../../db/tables.js';
import { KeyedQueue } from './keyed-queue.js';
import type { RateLimitStore, Reservation, WindowLimit } from './rate-limit-store.js';

/** Thrown inside a reservation's transaction to roll it back when a bucket has no room. */
class BucketFull extends Error {}

export class SqlRateLimitStore implements RateLimitStore {
  private readonly turns: KeyedQueue;

  /** `turnWaitMs`: the pool's connect timeout, the longest a reservation would wait for a connection anyway. */
  constructor(
    private readonly db: Kysely<Database>,
    options: { turnWaitMs?: number } = {},
  ) {
    this.turns = new KeyedQueue(options.turnWaitMs ?? 5000);
  }

  reserve(limits: WindowLimit[], now: number): Promise<Reservation | null> {
    return this.turns.runAll(
      limits.map((l) => l.bucket),
      () => this.reserveNow(limits, now),
    );
  }

  /** The database's own serialisation: what keeps instances sharing the database in line. */
  private async reserveNow(limits: WindowLimit[], now: number): Promise<Reservation | null> {
    // Any one total order prevents lock-order deadlocks. Code-unit order, not localeCompare:
    // that would load ICU's collation data (several MB resident) at the first code sent.
    const sorted = [...limits].sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0));
    try {
      return await this.db.transaction().execute(async (trx) => {
        for (const l of sorted) await lockForTransaction(trx, l.bucket);
        const entries: { bucket: string; id: string }[] = [];
        for (const l of sorted) {
          await trx
            .deleteFrom('rate_events')
            .where('bucket', '=', l.bucket)
            .where('at', '<=', now - l.windowMs)
            .execute();
          const inserted = await this.recordIfRoom(trx, l, now);
          // A full bucket: the rollback takes back what earlier buckets recorded.
          if (!inserted) throw new BucketFull();
          entries.push({ bucket: l.bucket, id: String(inserted.id) });
        }
        return { entries };
      });
    } catch (err) {
      if (err instanceof BucketFull) return null;
      throw err;
    }
  }

  /**
   * Records an event unless the bucket already holds `limit`: the count and the insert in one
   * statement (one round trip less per sign-in). Its expired events were deleted just before.
   */
  private recordIfRoom(trx: Kysely<Database>, l: WindowLimit, now: number) {
    const held = trx
      .selectFrom('rate_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bucket', '=', l.bucket);
    return trx
      .insertInto('rate_events')
      .columns(['bucket', 'at'])
      .expression(
        trx
          .selectNoFrom([sql<string>`cast(${l.bucket} as varchar(300))`.as('bucket'), sql<number>`cast(${now} as bigint)`.as('at')])
          .where((eb) => eb(held, '<', l.limit)),
      )
      .returning('id')
      .executeTakeFirst();
  }

  async release(reservation: Reservation): Promise<void> {
    const ids = reservation.entries.map((e) => Number(e.id));
    if (ids.length > 0) await this.db.deleteFrom('rate_events').where('id', 'in', ids).execute();
  }

  async count(bucket: string, windowMs: number, now: number): Promise<number> {
    const row = await this.db
      .selectFrom('rate_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bucket', '=', bucket)
      .where('at', '>', now - windowMs)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
