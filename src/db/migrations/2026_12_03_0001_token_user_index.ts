/**
 * auth_tokens loses its index on user_id. Every refresh and login inserts a row into each of
 * the table's indexes, and on SQLite each index a commit touches is at least one more page
 * written to the WAL; the only query that looked pairs up by user (erasing an account) finds
 * them through the user's sessions instead (account-erasure.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('auth_tokens_user_idx').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('auth_tokens_user_idx').ifNotExists().on('auth_tokens').columns(['user_id']).execute();
}
