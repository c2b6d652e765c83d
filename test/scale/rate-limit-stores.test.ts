/**
 * The two rate-limit stores keep the same sliding-log semantics, so limits mean the same
 * with and without REDIS_URL: one suite, run against the database store (this pass's
 * dialect) and the Redis store (its own key prefix, removed afterwards).
 */
import { Redis } from 'ioredis';
import { sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { RateLimitStore } from '../../src/platform/rate-limit/rate-limit-store.js';
import { RedisRateLimitStore } from '../../src/platform/rate-limit/redis-rate-limit-store.js';
import { SqlRateLimitStore } from '../../src/platform/rate-limit/sql-rate-limit-store.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/database.js';
import { recordingQueries } from '../helpers/recording-db.js';
import { clearRedisPrefix, TEST_REDIS_URL, uniqueRedisPrefix } from '../helpers/redis.js';

const prefix = uniqueRedisPrefix('limits');
let database: TestDatabase;
let handle: DatabaseHandle;
let redis: Redis;
const stores: Record<string, () => RateLimitStore> = {
  sql: () => new SqlRateLimitStore(handle.db),
  redis: () => new RedisRateLimitStore(redis, prefix),
};

beforeAll(async () => {
  database = await createTestDatabase();
  handle = database.open();
  await migrateToLatest(handle.db);
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await handle.close();
  await database.drop();
  redis.disconnect();
  await clearRedisPrefix(prefix);
});

let seq = 0;
/** A bucket name no other test touches. */
const bucket = (name: string) => `${name}:${(seq += 1)}`;

describe.each(Object.keys(stores))('%s rate-limit store', (kind) => {
  const store = () => stores[kind]!();

  it('records in every bucket of a reservation, or in none when any is full', async () => {
    const s = store();
    const a = { bucket: bucket('a'), limit: 2, windowMs: 1000 };
    const b = { bucket: bucket('b'), limit: 1, windowMs: 1000 };
    expect(await s.reserve([a, b], 10_000)).not.toBeNull();
    expect(await s.reserve([a, b], 10_001)).toBeNull();
    // The refused reservation consumed nothing in `a`.
    expect(await s.count(a.bucket, 1000, 10_002)).toBe(1);
    expect(await s.reserve([a], 10_002)).not.toBeNull();
    expect(await s.reserve([a], 10_003)).toBeNull();
  });

  it('slides: an event leaves the window exactly windowMs later', async () => {
    const s = store();
    const l = { bucket: bucket('slide'), limit: 1, windowMs: 1000 };
    expect(await s.reserve([l], 5000)).not.toBeNull();
    expect(await s.count(l.bucket, 1000, 5999)).toBe(1);
    expect(await s.reserve([l], 5999)).toBeNull();
    expect(await s.count(l.bucket, 1000, 6000)).toBe(0);
    expect(await s.reserve([l], 6000)).not.toBeNull();
  });

  it('release takes back only that reservation', async () => {
    const s = store();
    const l = { bucket: bucket('release'), limit: 3, windowMs: 60_000 };
    const first = await s.reserve([l], 1000);
    const second = await s.reserve([l], 1000);
    expect(first && second).toBeTruthy();
    await s.release(first!);
    expect(await s.count(l.bucket, 60_000, 1001)).toBe(1);
    await s.release(first!);
    expect(await s.count(l.bucket, 60_000, 1001)).toBe(1);
  });

  it('lets exactly `limit` of many simultaneous reservations through', async () => {
    const s = store();
    const l = { bucket: bucket('race'), limit: 5, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 20 }, () => s.reserve([l], 30_000)));
    expect(results.filter((r) => r !== null)).toHaveLength(5);
    expect(await s.count(l.bucket, 60_000, 30_000)).toBe(5);
  });
});

describe('sql rate-limit store under a burst', () => {
  /**
   * The database, counting the store's reservations running at once (waiting for a
   * connection or a lock included): on PostgreSQL each is one statement (executeQuery), on
   * SQLite one transaction.
   */
  function countingReservations() {
    const seen = { open: 0, most: 0 };
    async function counted<T>(run: () => Promise<T>): Promise<T> {
      seen.open += 1;
      seen.most = Math.max(seen.most, seen.open);
      try {
        return await run();
      } finally {
        seen.open -= 1;
      }
    }
    const db = new Proxy(handle.db, {
      get(target, prop) {
        if (prop === 'executeQuery') {
          return (...args: Parameters<typeof target.executeQuery>) => counted(() => target.executeQuery(...args));
        }
        if (prop === 'transaction') {
          return () => {
            const builder = target.transaction();
            return { execute: <T>(fn: Parameters<typeof builder.execute<T>>[0]) => counted(() => builder.execute(fn)) };
          };
        }
        // Bound to the real instance: Kysely's methods read its private fields.
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { db, seen };
  }

  it('runs one reservation at a time per bucket, so a burst on one account holds one pooled connection', async () => {
    const { db, seen } = countingReservations();
    const s = new SqlRateLimitStore(db);
    const one = { bucket: bucket('burst'), limit: 10, windowMs: 60_000 };
    const other = { bucket: bucket('burst'), limit: 10, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => s.reserve([i % 2 ? one : other], 40_000)));
    expect(results.filter((r) => r !== null)).toHaveLength(20);
    const plain = new SqlRateLimitStore(handle.db);
    expect(await plain.count(one.bucket, 60_000, 40_000)).toBe(10);
    expect(await plain.count(other.bucket, 60_000, 40_000)).toBe(10);
    // The two buckets' queues run side by side, each one reservation at a time.
    expect(seen.most).toBe(2);
  });
});

// Several instances share a PostgreSQL; an SQLite file has one server.
describe.skipIf(testDialect !== 'postgres')('sql rate-limit store shared by instances', () => {
  it('lets exactly `limit` through when many instances reserve at once', async () => {
    // Each store's in-process queue lines up only its own reservations: across instances (here
    // eight stores on two pools) the database's serialisation alone holds the limit.
    const other = database.open();
    try {
      const stores = Array.from({ length: 8 }, (_, i) => new SqlRateLimitStore((i % 2 ? other : handle).db));
      const shared = { bucket: bucket('instances'), limit: 7, windowMs: 60_000 };
      const mine = { bucket: bucket('instances'), limit: 1000, windowMs: 60_000 };
      const results = await Promise.all(
        Array.from({ length: 80 }, (_, i) => stores[i % 8]!.reserve(i % 3 === 0 ? [shared, mine] : [shared], 50_000)),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(7);
      expect(await stores[0]!.count(shared.bucket, 60_000, 50_000)).toBe(7);
      // A refused reservation of both buckets recorded in neither.
      const both = results.filter((r, i) => r !== null && i % 3 === 0).length;
      expect(await stores[1]!.count(mine.bucket, 60_000, 50_000)).toBe(both);
    } finally {
      await other.close();
    }
  });

  it('takes one prepared statement a reservation, full or not, the same SQL every time', async () => {
    const seen: CompiledQuery[] = [];
    const s = new SqlRateLimitStore(recordingQueries(handle.db, seen));
    const a = { bucket: bucket('one'), limit: 1, windowMs: 1000 };
    const b = { bucket: bucket('one'), limit: 5, windowMs: 1000 };
    expect(await s.reserve([a, b], 70_000)).not.toBeNull();
    expect(await s.reserve([b, a], 70_001)).toBeNull();
    expect(seen).toHaveLength(2);
    expect(seen[1]!.sql).toBe(seen[0]!.sql);
  });

  it('counts, once its turn comes, the events of a reservation that held the bucket before it', async () => {
    const l = { bucket: bucket('turn'), limit: 2, windowMs: 60_000 };
    const store = new SqlRateLimitStore(handle.db);
    let pending: Promise<unknown> | undefined;
    await handle.db.transaction().execute(async (trx) => {
      // Another instance's reservation, mid-way: the bucket's lock held, its events written, not yet committed.
      await sql`select pg_advisory_xact_lock(hashtext(${l.bucket}))`.execute(trx);
      await trx
        .insertInto('rate_events')
        .values([
          { bucket: l.bucket, at: 60_000 },
          { bucket: l.bucket, at: 60_000 },
        ])
        .execute();
      pending = store.reserve([l], 60_001);
      // Bounded: the reservation must come to wait for the lock.
      for (let i = 0; i < 200 && !(await waitingForAdvisoryLock()); i++) await new Promise((r) => setTimeout(r, 25));
      expect(await waitingForAdvisoryLock()).toBe(true);
    });
    // Read after the lock was granted, the count sees the two committed events: no room.
    expect(await pending).toBeNull();
    expect(await store.count(l.bucket, 60_000, 60_001)).toBe(2);
  });
});

/** Some session of this database waits for an advisory lock. */
async function waitingForAdvisoryLock(): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`.execute(
    handle.db,
  );
  return rows[0]!.n > 0;
}

describe('redis rate-limit store keys', () => {
  it('live under the prefix and expire with their window', async () => {
    const s = new RedisRateLimitStore(redis, prefix);
    const b = bucket('ttl');
    expect(await s.reserve([{ bucket: b, limit: 1, windowMs: 5000 }], Date.now())).not.toBeNull();
    const ttl = await redis.pttl(`${prefix}rl:${b}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
  });
});
