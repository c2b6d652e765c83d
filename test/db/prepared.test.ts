/**
 * Prepared queries: the builder runs once, each call binds its own values (inside a
 * transaction too), constants built into the query stay as they were.
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { prepared } from '../../src/db/prepared.js';
import type { Database } from '../../src/db/tables.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let db: Kysely<Database>;

beforeEach(async () => {
  testDb = await createTestDatabase();
  handle = testDb.open();
  db = handle.db;
  await migrateToLatest(db);
  await db
    .insertInto('apps')
    .values(
      ['a1', 'a2', 'a3'].map((app_id, i) => ({
        app_id,
        name: `App ${i + 1}`,
        push_config: '{}',
        sms_config: '{}',
        created_at: i,
        updated_at: i,
      })),
    )
    .execute();
});
afterEach(async () => {
  await handle.close();
  await testDb.drop();
});

describe('prepared', () => {
  it('builds once and binds each call its own values, around the constants it was built with', async () => {
    let builds = 0;
    const byIdAndName = prepared((appId: string, name: string) => {
      builds += 1;
      return db
        .selectFrom('apps')
        .select(['app_id', 'name'])
        .where('app_id', '=', appId)
        .where('name', '=', name)
        .where('created_at', '<', 2);
    });
    expect(await byIdAndName.executeTakeFirst(db, 'a1', 'App 1')).toEqual({ app_id: 'a1', name: 'App 1' });
    expect(await byIdAndName.executeTakeFirst(db, 'a2', 'App 2')).toEqual({ app_id: 'a2', name: 'App 2' });
    // The constant (created_at < 2) still holds: a3 was created at 2.
    expect(await byIdAndName.executeTakeFirst(db, 'a3', 'App 3')).toBeUndefined();
    expect(await byIdAndName.execute(db, 'a1', 'App 2')).toEqual([]);
    expect(builds).toBe(1);
  });

  it('runs on the executor it is given: inside a transaction, it sees the transaction', async () => {
    const nameOf = prepared((appId: string) => db.selectFrom('apps').select('name').where('app_id', '=', appId));
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('apps').set({ name: 'Renamed' }).where('app_id', '=', 'a1').execute();
      expect(await nameOf.executeTakeFirst(trx, 'a1')).toEqual({ name: 'Renamed' });
    });
    expect(await nameOf.executeTakeFirst(db, 'a1')).toEqual({ name: 'Renamed' });
  });

  it('refuses a builder that does not bind each parameter as a value', async () => {
    const tested = prepared((appId: string, onlyOld: boolean) => {
      const q = db.selectFrom('apps').select('app_id').where('app_id', '=', appId);
      return onlyOld ? q.where('created_at', '<', 1) : q;
    });
    await expect(tested.execute(db, 'a1', false)).rejects.toThrow('parameter 2 of 2 is not bound');
  });
});
