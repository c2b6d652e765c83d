/**
 * The push inbox of one user: sent messages of the app addressed to everyone (scope 0)
 * or to this user (push_targets), minus those the user deleted.
 */
import type { Kysely } from 'kysely';
import type { Database, PushMessageRow } from '../../db/tables.js';
import type { PageRequest } from '../../platform/pagination.js';
import { PushScope, PushStatus } from '../push/push.model.js';

export class InboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private visible(appId: string, userId: number) {
    return this.db
      .selectFrom('push_messages as pm')
      .where('pm.app_id', '=', appId)
      .where('pm.push_status', '=', PushStatus.Sent)
      .where((eb) =>
        eb.or([
          eb('pm.push_scope', '=', PushScope.AllUsers),
          eb.exists(
            eb.selectFrom('push_targets as t').select('t.push_id').whereRef('t.push_id', '=', 'pm.id').where('t.user_id', '=', userId),
          ),
        ]),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('push_inbox_deletions as d')
              .select('d.push_id')
              .whereRef('d.push_id', '=', 'pm.id')
              .where('d.user_id', '=', userId),
          ),
        ),
      );
  }

  async list(appId: string, userId: number, page: PageRequest): Promise<{ total: number; rows: PushMessageRow[] }> {
    const [count, rows] = await Promise.all([
      this.visible(appId, userId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      this.visible(appId, userId).selectAll('pm').orderBy('pm.id', 'desc').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  find(appId: string, userId: number, id: number): Promise<PushMessageRow | undefined> {
    return this.visible(appId, userId).selectAll('pm').where('pm.id', '=', id).executeTakeFirst();
  }

  /** Sent messages of the app addressed to everyone. */
  async broadcastIds(appId: string): Promise<number[]> {
    const rows = await this.db
      .selectFrom('push_messages')
      .select('id')
      .where('app_id', '=', appId)
      .where('push_status', '=', PushStatus.Sent)
      .where('push_scope', '=', PushScope.AllUsers)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Sent messages of the app addressed to this user by a targeted scope (1, 2 or 3). */
  async targetedIds(appId: string, userId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('push_targets as t')
      .innerJoin('push_messages as pm', 'pm.id', 't.push_id')
      .select('pm.id')
      .where('t.user_id', '=', userId)
      .where('pm.app_id', '=', appId)
      .where('pm.push_status', '=', PushStatus.Sent)
      .where('pm.push_scope', '!=', PushScope.AllUsers)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Messages this user removed from the inbox. */
  async hiddenIds(userId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('push_inbox_deletions').select('push_id').where('user_id', '=', userId).execute();
    return rows.map((r) => r.push_id);
  }

  async visibleIds(appId: string, userId: number, among: number[] | null): Promise<number[]> {
    let q = this.visible(appId, userId);
    if (among) q = q.where('pm.id', 'in', among.length > 0 ? among : [-1]);
    const rows = await q.select('pm.id').execute();
    return rows.map((r) => r.id);
  }

  async hide(appId: string, userId: number, pushIds: number[], now: number): Promise<void> {
    for (let i = 0; i < pushIds.length; i += 500) {
      await this.db
        .insertInto('push_inbox_deletions')
        .values(pushIds.slice(i, i + 500).map((push_id) => ({ app_id: appId, user_id: userId, push_id, created_at: now })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }

  /** Operator replies the user has not read, on the user's live feedback. */
  async unreadReplies(appId: string, userId: number): Promise<number> {
    const row = await this.db
      .selectFrom('feedback_replies as r')
      .innerJoin('feedbacks as f', 'f.id', 'r.feedback_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('f.app_id', '=', appId)
      .where('f.user_id', '=', userId)
      .where('f.deleted_at', 'is', null)
      .where('r.is_read', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
