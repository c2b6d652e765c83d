/**
 * Migration 2026_12_02_0001 (token keys that begin with the issue time): the key columns take
 * the longer keys on PostgreSQL, pairs stored before are kept, and going back ends only the
 * sessions whose keys the older code could not find.
 */
import type { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, testMigrator, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;
let handle: DatabaseHandle;
let migrator: Migrator;

const pair = (accessKey: string, refreshKey: string) => ({
  app_id: '',
  session_id: 1,
  user_id: 1,
  access_hash: accessKey,
  refresh_hash: refreshKey,
  access_expires_at: 2,
  refresh_expires_at: 3,
  rotated_at: null,
  created_at: 1,
});
const stored = async () =>
  (await handle.db.selectFrom('auth_tokens').select('access_hash').orderBy('id').execute()).map((r) => r.access_hash);

const before = 'a'.repeat(64);
const after = `0${'m'.repeat(8)}${'b'.repeat(64)}`;

beforeAll(async () => {
  database = await createTestDatabase();
  handle = database.open();
  migrator = testMigrator(database, handle);
  expect((await migrator.migrateTo('2026_12_01_0006_stats_indexes')).error).toBeUndefined();
  await handle.db
    .insertInto('auth_tokens')
    .values(pair(before, 'c'.repeat(64)))
    .execute();
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});

describe('token keys migration', () => {
  it('keeps the pairs already stored and takes keys of 73 characters', async () => {
    expect(await migrateToLatest(handle.db)).toContain('2026_12_02_0001_token_keys');
    await handle.db
      .insertInto('auth_tokens')
      .values(pair(after, `0${'m'.repeat(8)}${'d'.repeat(64)}`))
      .execute();
    expect(await stored()).toEqual([before, after]);
  });

  it('going back removes only the pairs stored under the longer keys', async () => {
    expect((await migrator.migrateTo('2026_12_01_0006_stats_indexes')).error).toBeUndefined();
    expect(await stored()).toEqual([before]);
  });
});
