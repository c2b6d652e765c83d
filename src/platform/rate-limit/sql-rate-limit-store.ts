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
          await this.dropExpired.execute(trx, l.bucket, now - l.windowMs);
          const inserted = await this.recordIfRoom.executeTakeFirst(trx, l.bucket, now, l.limit);
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

  private readonly dropExpired = prepared((bucket: string, cutoff: number) =>
    this.db.deleteFrom('rate_events').where('bucket', '=', bucket).where('at', '<=', cutoff),
  );

  /**
   * Records an event unless the bucket already holds `limit`: the count and the insert in one
   * statement (one round trip less per sign-in). Its expired events were deleted just before.
   */
  private readonly recordIfRoom = prepared((bucket: string, now: number, limit: number) =>
    this.db
      .insertInto('rate_events')
      .columns(['bucket', 'at'])
      .expression(
        this.db
          .selectNoFrom([sql<string>`cast(${bucket} as varchar(300))`.as('bucket'), sql<number>`cast(${now} as bigint)`.as('at')])
          .where((eb) =>
            eb(
              eb
                .selectFrom('rate_events')
                .select((e) => e.fn.countAll<number>().as('n'))
                .where('bucket', '=', bucket),
              '<',
              limit,
            ),
          ),
      )
      .returning('id'),
  );

  async release(reservation: Reservation): Promise<void> {
    const ids = reservation.entries.map((e) => Number(e.id));
    // Every successful sign-in gives back its one slot: that statement is prepared.
    if (ids.length === 1) await this.releaseOne.execute(this.db, ids[0]!);
    else if (ids.length > 1) await this.db.deleteFrom('rate_events').where('id', 'in', ids).execute();
  }

  private readonly releaseOne = prepared((id: number) => this.db.deleteFrom('rate_events').where('id', '=', id));

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
