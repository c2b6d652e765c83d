/**
 * On PostgreSQL, queries of fixed shape run as named prepared statements, one set per
 * connection (pg-statements.ts); a statement made stale by a schema change, or lost by a
 * pooler, is run again unprepared outside a transaction, never answered wrongly.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { prepared } from '../../src/db/prepared.js';
import type { Database } from '../../src/db/tables.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/database.js';

const skip = testDialect !== 'postgres';

let database: TestDatabase;
let handle: DatabaseHandle;
let db: Kysely<Database>;

// One connection, so that every query and pg_prepared_statements see the same session.
beforeAll(async () => {
  if (skip) return;
  database = await createTestDatabase();
  handle = createDatabase(process.env.TEST_DATABASE_URL!, { schema: database.schema!, poolMax: 1 });
  db = handle.db;
  await migrateToLatest(db);
  await db.insertInto('apps').values({ app_id: 'stmt', name: 'one', push_config: '{}', created_at: 1, updated_at: 1 }).execute();
});
afterAll(async () => {
  if (skip) return;
  await handle.close();
  await database.drop();
});

const appByIdCols = prepared((appId: string) => db.selectFrom('apps').select(['app_id', 'name']).where('app_id', '=', appId));
const appByIdAll = prepared((appId: string) => db.selectFrom('apps').selectAll().where('app_id', '=', appId));

async function statements(): Promise<{ name: string; statement: string }[]> {
  const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by name`.execute(
    db,
  );
  return rows;
}

describe.skipIf(skip)('prepared statements on PostgreSQL', () => {
  it('prepares a marked query once on the connection, and nothing else', async () => {
    for (let i = 0; i < 3; i++) expect((await appByIdCols.executeTakeFirst(db, 'stmt'))?.name).toBe('one');
    const mine = (await statements()).filter((s) => s.statement.includes('"name" from "apps"'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.name).toMatch(/^appdesk_\d+_0$/);
    // An ad hoc query (not of fixed shape) is not kept.
    await db.selectFrom('apps').select('updated_at').where('app_id', '=', 'stmt').execute();
    expect((await statements()).some((s) => s.statement.includes('"updated_at" from "apps"'))).toBe(false);
  });

  it('after a migration changes what a statement answers, runs it again and prepares it afresh', async () => {
    expect((await appByIdAll.executeTakeFirst(db, 'stmt'))?.name).toBe('one');
    await sql`alter table apps add column extra_one integer not null default 7`.execute(db);
    const row = (await appByIdAll.executeTakeFirst(db, 'stmt')) as Record<string, unknown> | undefined;
    expect(row?.name).toBe('one');
    expect(row?.extra_one).toBe(7);
    // The next run prepares it under the connection's new generation of names.
    await appByIdAll.executeTakeFirst(db, 'stmt');
    const names = (await statements()).filter((s) => s.statement.includes('select * from "apps"')).map((s) => s.name);
    expect(names.some((n) => n.endsWith('_1'))).toBe(true);
  });

  it('inside a transaction, a stale statement fails the transaction instead of being run again', async () => {
    await appByIdAll.executeTakeFirst(db, 'stmt');
    await sql`alter table apps add column extra_two integer not null default 8`.execute(db);
    await expect(db.transaction().execute((trx) => appByIdAll.executeTakeFirst(trx, 'stmt'))).rejects.toMatchObject({ code: '0A000' });
    expect(((await appByIdAll.executeTakeFirst(db, 'stmt')) as Record<string, unknown> | undefined)?.extra_two).toBe(8);
  });

  it('when the server lost a statement (a pooler), runs it unprepared and stops preparing on that connection', async () => {
    await appByIdCols.executeTakeFirst(db, 'stmt');
    await sql`deallocate all`.execute(db);
    expect((await appByIdCols.executeTakeFirst(db, 'stmt'))?.name).toBe('one');
    expect((await appByIdCols.executeTakeFirst(db, 'stmt'))?.name).toBe('one');
    expect(await statements()).toEqual([]);
  });
});
