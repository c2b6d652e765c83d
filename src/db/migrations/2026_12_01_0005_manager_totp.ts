/**
 * Operators' second factor (TOTP). `totp_secret` is the base32 secret, sealed with
 * APPDESK_ENCRYPTION_KEY when set; it is pending until `totp_enabled` is 1.
 * `totp_last_step` is the last time step accepted, so a used code is refused afterwards.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('managers').addColumn('totp_secret', 'text').execute();
  await db.schema
    .alterTable('managers')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('managers').addColumn('totp_last_step', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['totp_last_step', 'totp_enabled', 'totp_secret']) {
    await db.schema.alterTable('managers').dropColumn(column).execute();
  }
}
