/**
 * Named locks held until the end of the caller's transaction. PostgreSQL transactions run
 * concurrently under read committed, so a check-then-write (the last super, a rate limit)
 * must serialise on a lock; SQLite transactions already have the one connection to
 * themselves, so there it is a no-op.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';
import type { Database } from './tables.js';

export async function lockForTransaction(trx: Kysely<Database>, name: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}
