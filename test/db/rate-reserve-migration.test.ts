/**
 * Migration 2026_12_04_0001: on PostgreSQL, appdesk_reserve_rate (a rate-limit reservation in
 * one call) in the app's own schema; going back drops it. SQLite keeps no function.
 */
import { sql, type Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, testDialect, testMigrator, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;
let handle: DatabaseHandle;
let migrator: Migrator;

async function reserveFunctions(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_proc p join pg_namespace s on s.oid = p.pronamespace
    where p.proname = 'appdesk_reserve_rate' and s.nspname = current_schema()`.execute(handle.db);
  return rows[0]!.n;
}

beforeAll(async () => {
  database = await createTestDatabase();
  handle = database.open();
  migrator = testMigrator(database, handle);
  expect((await migrator.migrateTo('2026_12_03_0001_token_user_index')).error).toBeUndefined();
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});

describe('rate reserve function migration', () => {
  it('applies on either database', async () => {
    expect(await migrateToLatest(handle.db)).toContain('2026_12_04_0001_rate_reserve_function');
  });

  it.runIf(testDialect === 'postgres')('creates the function in the current schema, and going back drops it', async () => {
    expect(await reserveFunctions()).toBe(1);
    const { rows } = await sql<{
      ids: string[];
    }>`select appdesk_reserve_rate(array['m:1']::varchar[], array[1], array[1000::bigint], 5000::bigint) as ids`.execute(handle.db);
    expect(rows[0]!.ids).toHaveLength(1);
    expect((await migrator.migrateTo('2026_12_03_0001_token_user_index')).error).toBeUndefined();
    expect(await reserveFunctions()).toBe(0);
  });
});
