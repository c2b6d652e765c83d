/**
 * On PostgreSQL, a rate-limit reservation as one function: lock the buckets, drop their
 * expired events, check every bucket and record in all of them or none, in one round trip
 * instead of five (begin, lock, delete, insert, commit). A sign-in reserves a slot before its
 * password is checked, so this is on every login's path.
 *
 * Correct under read committed because a PL/pgSQL function takes a new snapshot for each
 * statement: the counts, read after the advisory locks are granted, see every event a
 * reservation that held a lock before committed. The locks are transaction-scoped, so they
 * are released when the caller's statement (its own transaction) commits. The lock keys are
 * those of lockForTransaction (db/locks.ts). SQLite serialises its transactions already and
 * keeps the statements (sql-rate-limit-store.ts).
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  // Buckets come sorted (one lock order for every caller: no deadlock). A null answer: some
  // bucket was full, and nothing was recorded.
  await sql`
    create or replace function appdesk_reserve_rate(p_buckets varchar[], p_limits integer[], p_windows bigint[], p_now bigint)
    returns bigint[] language plpgsql volatile as $$
    declare
      n integer := coalesce(array_length(p_buckets, 1), 0);
      held bigint;
      recorded bigint;
      ids bigint[] := '{}';
    begin
      for i in 1 .. n loop
        perform pg_advisory_xact_lock(hashtext(p_buckets[i]));
      end loop;
      for i in 1 .. n loop
        delete from rate_events where bucket = p_buckets[i] and at <= p_now - p_windows[i];
        select count(*) into held from rate_events where bucket = p_buckets[i];
        if held >= p_limits[i] then
          -- What earlier buckets recorded is taken back: all or none.
          delete from rate_events where id = any(ids);
          return null;
        end if;
        insert into rate_events (bucket, at) values (p_buckets[i], p_now) returning id into recorded;
        ids := ids || recorded;
      end loop;
      return ids;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop function if exists appdesk_reserve_rate(varchar[], integer[], bigint[], bigint)`.execute(db);
}
