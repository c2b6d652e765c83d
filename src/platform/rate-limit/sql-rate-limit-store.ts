/**
 * Rate-limit events in the database: shared by every instance on the same PostgreSQL (or
 * SQLite file). On PostgreSQL a reservation is one call of appdesk_reserve_rate (its
 * migration, 2026_12_04_0001), which serialises reservations of a bucket with a
 * transaction-scoped advisory lock; on SQLite, whose transactions are serialised already,
 * it is a transaction of plain statements. Within a process, reservations of a bucket also
 * wait their turn in a queue first, so a burst on one bucket holds one pooled connection,
 * not one per waiting request.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../db/dialect.js';
import { prepared } from '../../db/prepared.js';
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
    if (isPostgres(this.db)) return this.reserveOnPostgres(sorted, now);
    try {
      return await this.db.transaction().execute(async (trx) => {
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

  private readonly reserveRate = prepared((buckets: string[], limits: number[], windows: number[], now: number) =>
    this.db.selectNoFrom(
      sql<string[] | null>`appdesk_reserve_rate(${buckets}::varchar[], ${limits}::integer[], ${windows}::bigint[], ${now}::bigint)`.as(
        'ids',
      ),
    ),
  );

  private async reserveOnPostgres(sorted: WindowLimit[], now: number): Promise<Reservation | null> {
    const row = await this.reserveRate.executeTakeFirst(
      this.db,
      sorted.map((l) => l.bucket),
      sorted.map((l) => l.limit),
      sorted.map((l) => l.windowMs),
      now,
    );
    const ids = row?.ids;
    if (!ids) return null;
    return { entries: sorted.map((l, i) => ({ bucket: l.bucket, id: String(ids[i]) })) };
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
