/**
 * The two rate-limit stores keep the same sliding-log semantics, so limits mean the same
 * with and without REDIS_URL: one suite, run against the database store (this pass's
 * dialect) and the Redis store (its own key prefix, removed afterwards).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { RateLimitStore } from '../../src/platform/rate-limit/rate-limit-store.js';
import { RedisRateLimitStore } from '../../src/platform/rate-limit/redis-rate-limit-store.js';
import { SqlRateLimitStore } from '../../src/platform/rate-limit/sql-rate-limit-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
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
  /** The database, counting the store's transactions open at once (waiting for a connection included); reserve() uses nothing else. */
  function countingTransactions() {
    const seen = { open: 0, most: 0 };
    const db = new Proxy(handle.db, {
      get(target, prop, receiver) {
        if (prop !== 'transaction') return Reflect.get(target, prop, receiver) as unknown;
        return () => {
          const builder = target.transaction();
          return {
            async execute<T>(fn: Parameters<typeof builder.execute<T>>[0]): Promise<T> {
              seen.open += 1;
              seen.most = Math.max(seen.most, seen.open);
              try {
                return await builder.execute(fn);
              } finally {
                seen.open -= 1;
              }
            },
          };
        };
      },
    });
    return { db, seen };
  }

  it('opens one transaction at a time per bucket, so a burst on one account holds one pooled connection', async () => {
    const { db, seen } = countingTransactions();
    const s = new SqlRateLimitStore(db);
    const one = { bucket: bucket('burst'), limit: 10, windowMs: 60_000 };
    const other = { bucket: bucket('burst'), limit: 10, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => s.reserve([i % 2 ? one : other], 40_000)));
    expect(results.filter((r) => r !== null)).toHaveLength(20);
    const plain = new SqlRateLimitStore(handle.db);
    expect(await plain.count(one.bucket, 60_000, 40_000)).toBe(10);
    expect(await plain.count(other.bucket, 60_000, 40_000)).toBe(10);
    // The two buckets' queues run side by side, each one transaction at a time.
    expect(seen.most).toBe(2);
  });
});

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
