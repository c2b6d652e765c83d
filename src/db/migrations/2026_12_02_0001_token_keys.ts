/**
 * Token keys begin with the token's issue time (modules/auth/token-key.ts): 9 characters
 * before the 64 of the hash. SQLite does not enforce a varchar's length; PostgreSQL does,
 * and widening a varchar rewrites neither the table nor its indexes.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter table auth_tokens alter column access_hash type varchar(80), alter column refresh_hash type varchar(80)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Pairs keyed the new way cannot be found by the code this goes back to: their sessions end.
  await sql`delete from auth_tokens where length(access_hash) > 64 or length(refresh_hash) > 64`.execute(db);
  if (!isPostgres(db)) return;
  await sql`alter table auth_tokens alter column access_hash type varchar(64), alter column refresh_hash type varchar(64)`.execute(db);
}
