/**
 * Indexes for the operator console's statistics (modules/admin/stats.*), so that counting
 * an app's users, feedback and pushes by day reads index ranges, never whole tables, at a
 * million users on both dialects. Feedback indexes are partial: every statistic counts live
 * feedback only (deleted_at null), and deleted rows need not take space in them.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // New users per day, users created today, and the app's user count (an index-only scan).
  await db.schema.createIndex('users_app_created_idx').on('users').columns(['app_id', 'created_at']).execute();
  // Feedback created per day and, in the same range, by status (covering both).
  await db.schema
    .createIndex('feedbacks_app_created_idx')
    .on('feedbacks')
    .columns(['app_id', 'created_at', 'feedback_status'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  // Waiting feedback: its count and the oldest one's time, one short range.
  await db.schema
    .createIndex('feedbacks_app_status_created_idx')
    .on('feedbacks')
    .columns(['app_id', 'feedback_status', 'created_at'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  // Pushes per day (by their created day).
  await db.schema.createIndex('push_messages_app_created_idx').on('push_messages').columns(['app_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'push_messages_app_created_idx',
    'feedbacks_app_status_created_idx',
    'feedbacks_app_created_idx',
    'users_app_created_idx',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
}
