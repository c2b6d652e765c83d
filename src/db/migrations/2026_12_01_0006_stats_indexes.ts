/**
 * What the operator console's statistics read (modules/admin/stats.*), so that they stay
 * fast at a million users on both dialects.
 *
 * Indexes: counting an app's users, feedback and pushes by day reads index ranges, never
 * whole tables. Feedback indexes are partial: every statistic counts live feedback only
 * (deleted_at null), and deleted rows need not take space in them. They still end with
 * deleted_at (always null there): SQLite treats an index as covering only when it holds
 * every column the query names, its WHERE clause not counted, and would otherwise read each
 * feedback row from the table.
 *
 * Totals: an app's user and device counts are every row of the app, which no index makes
 * cheap (a million index entries took 100-300 ms to count, bench/stats.ts), so app_totals
 * keeps them exact, written by triggers in the same transaction as the rows themselves:
 * every writer (the API, the CLI, a bulk import) is counted, none has to remember it.
 * On PostgreSQL the triggers are per statement, so a multi-row insert or delete updates the
 * total once. An app_id never changes on a row (nothing updates it), so only inserts and
 * deletes count.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

/** Each counted table and the app_totals column that counts it. */
const COUNTED = [
  { table: 'users', column: 'users' },
  { table: 'push_bindings', column: 'devices' },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // New users per day, users created today.
  await db.schema.createIndex('users_app_created_idx').on('users').columns(['app_id', 'created_at']).execute();
  // Feedback created per day and, in the same range, by status (covering both).
  await db.schema
    .createIndex('feedbacks_app_created_idx')
    .on('feedbacks')
    .columns(['app_id', 'created_at', 'feedback_status', 'deleted_at'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  // Waiting feedback: its count and the oldest one's time, one short range.
  await db.schema
    .createIndex('feedbacks_app_status_created_idx')
    .on('feedbacks')
    .columns(['app_id', 'feedback_status', 'created_at', 'deleted_at'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  // Pushes per day (by their created day).
  await db.schema.createIndex('push_messages_app_created_idx').on('push_messages').columns(['app_id', 'created_at']).execute();

  await db.schema
    .createTable('app_totals')
    .addColumn('app_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('users', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('devices', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  // Triggers first, then the rows already there: on PostgreSQL creating a trigger locks its
  // table against writes until this migration commits, so no row is missed or counted twice.
  for (const { table, column } of COUNTED) {
    if (isPostgres(db)) await postgresTriggers(db, table, column);
    else await sqliteTriggers(db, table, column);
  }
  // ("where true": SQLite would read the ON of ON CONFLICT as a join's otherwise.)
  for (const { table, column } of COUNTED) {
    await sql`
      insert into app_totals (app_id, ${sql.ref(column)})
      select app_id, count(*) from ${sql.table(table)} where true group by app_id
      on conflict (app_id) do update set ${sql.ref(column)} = excluded.${sql.ref(column)}`.execute(db);
  }
}

async function sqliteTriggers(db: Kysely<unknown>, table: string, column: string): Promise<void> {
  const col = sql.ref(column);
  await sql`
    create trigger ${sql.id(`app_totals_${table}_insert`)} after insert on ${sql.table(table)}
    begin
      insert into app_totals (app_id, ${col}) values (new.app_id, 1)
      on conflict (app_id) do update set ${col} = ${col} + 1;
    end`.execute(db);
  await sql`
    create trigger ${sql.id(`app_totals_${table}_delete`)} after delete on ${sql.table(table)}
    begin
      update app_totals set ${col} = ${col} - 1 where app_id = old.app_id;
    end`.execute(db);
}

async function postgresTriggers(db: Kysely<unknown>, table: string, column: string): Promise<void> {
  const col = sql.ref(column);
  const inserted = sql.id(`app_totals_${table}_inserted`);
  const deleted = sql.id(`app_totals_${table}_deleted`);
  await sql`
    create function ${inserted}() returns trigger language plpgsql as $$
    begin
      insert into app_totals as t (app_id, ${col})
      select app_id, count(*) from new_rows group by app_id
      on conflict (app_id) do update set ${col} = t.${col} + excluded.${col};
      return null;
    end $$`.execute(db);
  await sql`
    create function ${deleted}() returns trigger language plpgsql as $$
    begin
      update app_totals as t set ${col} = t.${col} - d.n
      from (select app_id, count(*) as n from old_rows group by app_id) d
      where t.app_id = d.app_id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger ${sql.id(`app_totals_${table}_insert`)} after insert on ${sql.table(table)}
    referencing new table as new_rows for each statement execute function ${inserted}()`.execute(db);
  await sql`
    create trigger ${sql.id(`app_totals_${table}_delete`)} after delete on ${sql.table(table)}
    referencing old table as old_rows for each statement execute function ${deleted}()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table } of COUNTED) {
    for (const event of ['insert', 'delete']) {
      await sql`drop trigger if exists ${sql.id(`app_totals_${table}_${event}`)} ${isPostgres(db) ? sql`on ${sql.table(table)}` : sql``}`.execute(
        db,
      );
    }
    if (isPostgres(db)) {
      await sql`drop function if exists ${sql.id(`app_totals_${table}_inserted`)}()`.execute(db);
      await sql`drop function if exists ${sql.id(`app_totals_${table}_deleted`)}()`.execute(db);
    }
  }
  await db.schema.dropTable('app_totals').ifExists().execute();
  for (const name of [
    'push_messages_app_created_idx',
    'feedbacks_app_status_created_idx',
    'feedbacks_app_created_idx',
    'users_app_created_idx',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
}
