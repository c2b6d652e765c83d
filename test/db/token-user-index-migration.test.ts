/**
 * Migration 2026_12_03_0001: auth_tokens loses its index on user_id (every pair written paid
 * for it; erasing an account finds its pairs through the sessions), and going back restores it.
 */
import { sql, type Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { isPostgres } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, testMigrator, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;
let handle: DatabaseHandle;
let migrator: Migrator;

async function tokenIndexes(): Promise<string[]> {
  const q = isPostgres(handle.db)
    ? sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'auth_tokens' and schemaname = current_schema()`
    : sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'auth_tokens'`;
  return (await q.execute(handle.db)).rows.map((r) => r.name).sort();
}

beforeAll(async () => {
  database = await createTestDatabase();
  handle = database.open();
  migrator = testMigrator(database, handle);
  expect((await migrator.migrateTo('2026_12_02_0001_token_keys')).error).toBeUndefined();
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});

describe('token user index migration', () => {
  it('drops auth_tokens_user_idx and keeps the others', async () => {
    const before = await tokenIndexes();
    expect(before).toContain('auth_tokens_user_idx');
    expect(await migrateToLatest(handle.db)).toContain('2026_12_03_0001_token_user_index');
    expect(await tokenIndexes()).toEqual(before.filter((name) => name !== 'auth_tokens_user_idx'));
  });

  it('going back restores it', async () => {
    expect((await migrator.migrateTo('2026_12_02_0001_token_keys')).error).toBeUndefined();
    expect(await tokenIndexes()).toContain('auth_tokens_user_idx');
  });
});
