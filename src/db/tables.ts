/**
 * The database schema as Kysely sees it. Timestamps are epoch milliseconds (bigint in
 * PostgreSQL, integer in SQLite) and flags are 0/1 integers, so one query code path serves
 * both dialects; repositories turn rows into API objects.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface AppsTable {
  id: Generated<number>;
  app_id: string;
  name: string;
  /** JSON: per client type push provider and its credentials (secrets possibly sealed, modules/apps). */
  push_config: string;
  /** JSON: the app's SMS provider and its keys; '{}' means the environment's. */
  sms_config: Generated<string>;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: Generated<number>;
  app_id: string;
  area: string;
  phone: string;
  email: string;
  openid: string;
  role: number;
  username: string;
  password_hash: string;
  is_active: number;
  nickname: string;
  avatar: string;
  gender: number;
  birthday: string;
  address: string;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id: Generated<number>;
  app_id: string;
  user_id: number;
  user_agent: string;
  ip: string;
  created_at: number;
  revoked_at: number | null;
  /** Last authenticated request, recorded at most once a minute (session-activity.ts). */
  last_used_at: number | null;
}

export interface AuthTokensTable {
  id: Generated<number>;
  app_id: string;
  session_id: number;
  user_id: number;
  /** The tokens' keys: issue time and SHA-256 (modules/auth/token-key.ts); never the tokens. */
  access_hash: string;
  refresh_hash: string;
  access_expires_at: number;
  refresh_expires_at: number;
  /** Set when its refresh token was exchanged; the access token dies then. */
  rotated_at: number | null;
  created_at: number;
}

export interface VerificationCodesTable {
  id: Generated<number>;
  app_id: string;
  /** Normalised account: "86:13800138000" or "someone@example.com". */
  account: string;
  code_hash: string;
  attempts: number;
  expires_at: number;
  created_at: number;
}

export interface RateEventsTable {
  id: Generated<number>;
  bucket: string;
  at: number;
}

export interface ManagersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  role: string;
  /** JSON array of app ids an operator may act in. */
  app_ids: string;
  is_active: number;
  /** Base32 TOTP secret, sealed when APPDESK_ENCRYPTION_KEY is set; pending until enabled. */
  totp_secret: Generated<string | null>;
  totp_enabled: Generated<number>;
  /** Last TOTP time step accepted: codes of this step or earlier are refused (replay). */
  totp_last_step: Generated<number | null>;
  created_at: number;
  updated_at: number;
}

export interface ManagerTokensTable {
  id: Generated<number>;
  manager_id: number;
  token_hash: string;
  expires_at: number;
  revoked_at: number | null;
  created_at: number;
}

export interface AuditLogsTable {
  id: Generated<number>;
  app_id: string;
  manager_id: number;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON detail of the change, secrets removed. */
  detail: string;
  ip: string;
  created_at: number;
}

export interface PushBindingsTable {
  id: Generated<number>;
  app_id: string;
  user_id: number;
  client_id: string;
  client_type: string;
  provider: string;
  switch: number;
  created_at: number;
  updated_at: number;
}

export interface FaqsTable {
  id: Generated<number>;
  app_id: string;
  title: string;
  content: string;
  category: string;
  external_link: string;
  sort: number;
  is_published: number;
  created_at: number;
  updated_at: number;
}

export interface FeedbackCategoriesTable {
  id: Generated<number>;
  app_id: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface FeedbacksTable {
  id: Generated<number>;
  app_id: string;
  user_id: number;
  feedback_content: string;
  feedback_status: number;
  feedback_category_id: number;
  contact_phone: string;
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface FeedbackRepliesTable {
  id: Generated<number>;
  app_id: string;
  feedback_id: number;
  manager_id: number;
  reply_content: string;
  is_read: number;
  created_at: number;
  updated_at: number;
}

export interface PushMessagesTable {
  id: Generated<number>;
  app_id: string;
  push_title: string;
  push_body: string;
  push_scope: number;
  /** JSON array of user ids (scope 3), else "[]". */
  user_ids: string;
  send_at: number | null;
  manager_id: number;
  push_status: number;
  targeted: number;
  sent: number;
  failed: number;
  skipped: number;
  /** JSON object of strings: POST /admin/api/push `extras`, "{}" when none. */
  extras: Generated<string>;
  /** Set once the audience was resolved into batches. */
  planned_at: number | null;
  /** Lease of the worker delivering it: others leave it alone until then. */
  locked_until: number | null;
  locked_by: string | null;
  created_at: number;
  updated_at: number;
}

/** Users a push message is addressed to (scopes 1-3), fixed when delivery is planned. */
export interface PushTargetsTable {
  push_id: number;
  user_id: number;
}

export interface PushBatchesTable {
  id: Generated<number>;
  app_id: string;
  push_id: number;
  provider: string;
  client_type: string;
  /** JSON array of client ids. */
  client_ids: string;
  /** 0 pending, 1 done. */
  status: number;
  sent: number;
  failed: number;
  attempts: number;
  created_at: number;
  updated_at: number;
}

export interface PushInboxDeletionsTable {
  app_id: string;
  user_id: number;
  push_id: number;
  created_at: number;
}

/** Uploaded avatars, re-encoded to WebP; the random id is the URL's last segment. */
export interface AvatarsTable {
  id: string;
  app_id: string;
  user_id: number;
  bytes: Buffer;
  etag: string;
  created_at: number;
}

/**
 * Per-app totals that no index makes cheap to count (every row of the app), kept exact by
 * triggers on the counted tables (migration 2026_12_01_0006): read only, never written here.
 */
export interface AppTotalsTable {
  app_id: string;
  users: number;
  devices: number;
}

export interface Database {
  apps: AppsTable;
  users: UsersTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  verification_codes: VerificationCodesTable;
  rate_events: RateEventsTable;
  managers: ManagersTable;
  manager_tokens: ManagerTokensTable;
  audit_logs: AuditLogsTable;
  push_bindings: PushBindingsTable;
  faqs: FaqsTable;
  feedback_categories: FeedbackCategoriesTable;
  feedbacks: FeedbacksTable;
  feedback_replies: FeedbackRepliesTable;
  push_messages: PushMessagesTable;
  push_targets: PushTargetsTable;
  push_batches: PushBatchesTable;
  push_inbox_deletions: PushInboxDeletionsTable;
  avatars: AvatarsTable;
  app_totals: AppTotalsTable;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type AppRow = Selectable<AppsTable>;
export type ManagerRow = Selectable<ManagersTable>;
export type PushBindingRow = Selectable<PushBindingsTable>;
export type FaqRow = Selectable<FaqsTable>;
export type FeedbackCategoryRow = Selectable<FeedbackCategoriesTable>;
export type FeedbackRow = Selectable<FeedbacksTable>;
export type FeedbackReplyRow = Selectable<FeedbackRepliesTable>;
export type PushMessageRow = Selectable<PushMessagesTable>;
export type PushBatchRow = Selectable<PushBatchesTable>;
