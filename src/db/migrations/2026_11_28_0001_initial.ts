/**
 * The whole first schema. Portable types only: integer/bigint/text; flags are 0/1 integers
 * and timestamps epoch milliseconds, so SQLite and PostgreSQL behave alike.
 */
import { sql, type Kysely, type CreateTableBuilder } from 'kysely';

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
}

function withId<T extends string>(db: Kysely<unknown>, t: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

function timestamps<T extends string, C extends string>(t: CreateTableBuilder<T, C>) {
  return t.addColumn('created_at', 'bigint', (c) => c.notNull()).addColumn('updated_at', 'bigint', (c) => c.notNull());
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await timestamps(
    withId(db, db.schema.createTable('apps'))
      .addColumn('app_id', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(128)', (c) => c.notNull())
      .addColumn('push_config', 'text', (c) => c.notNull().defaultTo('{}')),
  ).execute();
  const now = Date.now();
  await sql`insert into apps (app_id, name, push_config, created_at, updated_at) values ('', 'default', '{}', ${now}, ${now})`.execute(db);

  await timestamps(
    withId(db, db.schema.createTable('users'))
      .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('area', 'varchar(8)', (c) => c.notNull())
      .addColumn('phone', 'varchar(32)', (c) => c.notNull())
      .addColumn('email', 'varchar(255)', (c) => c.notNull())
      .addColumn('openid', 'varchar(40)', (c) => c.notNull())
      .addColumn('role', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('username', 'varchar(255)', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('nickname', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('avatar', 'varchar(512)', (c) => c.notNull().defaultTo(''))
      .addColumn('gender', 'integer', (c) => c.notNull().defaultTo(2))
      .addColumn('birthday', 'varchar(10)', (c) => c.notNull().defaultTo(''))
      .addColumn('address', 'varchar(255)', (c) => c.notNull().defaultTo(''))
      .addUniqueConstraint('users_app_area_username_uq', ['app_id', 'area', 'username'])
      .addUniqueConstraint('users_openid_uq', ['openid']),
  ).execute();

  await withId(db, db.schema.createTable('sessions'))
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('user_agent', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id']).execute();

  await withId(db, db.schema.createTable('auth_tokens'))
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('session_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('access_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('refresh_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('access_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('refresh_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('rotated_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_tokens_session_idx').on('auth_tokens').columns(['session_id']).execute();
  await db.schema.createIndex('auth_tokens_user_idx').on('auth_tokens').columns(['user_id']).execute();

  await withId(db, db.schema.createTable('verification_codes'))
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('account', 'varchar(255)', (c) => c.notNull())
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('verification_codes_app_account_uq', ['app_id', 'account'])
    .execute();

  await withId(db, db.schema.createTable('rate_events'))
    .addColumn('bucket', 'varchar(300)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_events_bucket_at_idx').on('rate_events').columns(['bucket', 'at']).execute();

  await timestamps(
    withId(db, db.schema.createTable('managers'))
      .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('app_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();

  await withId(db, db.schema.createTable('manager_tokens'))
    .addColumn('manager_id', 'integer', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('audit_logs'))
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('manager_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_logs_created_idx').on('audit_logs').columns(['created_at']).execute();

  await timestamps(
    withId(db, db.schema.createTable('push_bindings'))
      .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('client_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('client_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('provider', 'varchar(16)', (c) => c.notNull())
      .addColumn('switch', 'integer', (c) => c.notNull().defaultTo(1))
      .addUniqueConstraint('push_bindings_app_client_uq', ['app_id', 'client_id']),
  ).execute();
  await db.schema.createIndex('push_bindings_user_idx').on('push_bindings').columns(['app_id', 'user_id']).execute();

  await timestamps(
    withId(db, db.schema.createTable('faqs'))
      .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('title', 'varchar(255)', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('category', 'varchar(64)', (c) => c.notNull().defaultTo(''))
      .addColumn('external_link', 'varchar(512)', (c) => c.notNull().defaultTo(''))
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_published', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();
  await db.schema.createIndex('faqs_app_sort_idx').on('faqs').columns(['app_id', 'is_published', 'sort', 'id']).execute();

  await timestamps(
    withId(db, db.schema.createTable('feedback_categories'))
      .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('name', 'varchar(64)', (c) => c.notNull())
      .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo('')),
  ).execute();
  await db.schema.createIndex('feedback_categories_app_idx').on('feedback_categories').columns(['app_id']).execute();

  await timestamps(
    withId(db, db.schema.createTable('feedbacks'))
      .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('feedback_content', 'text', (c) => c.notNull())
      .addColumn('feedback_status', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('feedback_category_id', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('contact_phone', 'varchar(32)', (c) => c.notNull().defaultTo(''))
      .addColumn('deleted_at', 'bigint'),
  ).execute();
  await db.schema.createIndex('feedbacks_user_idx').on('feedbacks').columns(['app_id', 'user_id', 'id']).execute();

  await timestamps(
    withId(db, db.schema.createTable('feedback_replies'))
      .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('feedback_id', 'integer', (c) => c.notNull())
      .addColumn('manager_id', 'integer', (c) => c.notNull())
      .addColumn('reply_content', 'text', (c) => c.notNull())
      .addColumn('is_read', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema.createIndex('feedback_replies_feedback_idx').on('feedback_replies').columns(['feedback_id', 'id']).execute();

  await timestamps(
    withId(db, db.schema.createTable('push_messages'))
      .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('push_title', 'varchar(255)', (c) => c.notNull())
      .addColumn('push_body', 'text', (c) => c.notNull())
      .addColumn('push_scope', 'integer', (c) => c.notNull())
      .addColumn('user_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('send_at', 'bigint')
      .addColumn('manager_id', 'integer', (c) => c.notNull())
      .addColumn('push_status', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('targeted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('planned_at', 'bigint')
      .addColumn('locked_until', 'bigint')
      .addColumn('locked_by', 'varchar(64)'),
  ).execute();
  await db.schema.createIndex('push_messages_app_status_idx').on('push_messages').columns(['app_id', 'push_status', 'id']).execute();

  await db.schema
    .createTable('push_targets')
    .addColumn('push_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('push_targets_pk', ['push_id', 'user_id'])
    .execute();
  await db.schema.createIndex('push_targets_user_idx').on('push_targets').columns(['user_id', 'push_id']).execute();

  await timestamps(
    withId(db, db.schema.createTable('push_batches'))
      .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('push_id', 'integer', (c) => c.notNull())
      .addColumn('provider', 'varchar(16)', (c) => c.notNull())
      .addColumn('client_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('client_ids', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema.createIndex('push_batches_push_idx').on('push_batches').columns(['push_id', 'status']).execute();

  await db.schema
    .createTable('push_inbox_deletions')
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('push_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('push_inbox_deletions_pk', ['user_id', 'push_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'push_inbox_deletions',
    'push_batches',
    'push_targets',
    'push_messages',
    'feedback_replies',
    'feedbacks',
    'feedback_categories',
    'faqs',
    'push_bindings',
    'audit_logs',
    'manager_tokens',
    'managers',
    'rate_events',
    'verification_codes',
    'auth_tokens',
    'sessions',
    'users',
    'apps',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
