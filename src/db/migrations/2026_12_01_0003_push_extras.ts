/** Push messages keep the operator's `extras` (JSON object of strings) for the providers' custom data. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('push_messages')
    .addColumn('extras', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('push_messages').dropColumn('extras').execute();
}
