/** Feedback, its categories and the operators' replies. Deleted feedback keeps its row (deleted_at). */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type {
  Database,
  FeedbackCategoriesTable,
  FeedbackCategoryRow,
  FeedbackReplyRow,
  FeedbackRow,
  FeedbacksTable,
} from '../../db/tables.js';
import { ilike } from '../../platform/like.js';
import type { PageRequest } from '../../platform/pagination.js';

export interface FeedbackFilter {
  appId: string;
  userId?: number;
  status?: number | undefined;
  categoryId?: number | undefined;
  q?: string | undefined;
}

export class FeedbackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // Categories

  async listCategories(appId: string, page: PageRequest): Promise<{ total: number; rows: FeedbackCategoryRow[] }> {
    const base = this.db.selectFrom('feedback_categories').where('app_id', '=', appId);
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      base.selectAll().orderBy('id', 'asc').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  findCategory(appId: string, id: number): Promise<FeedbackCategoryRow | undefined> {
    return this.db.selectFrom('feedback_categories').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
  }

  insertCategory(db: Kysely<Database>, row: Insertable<FeedbackCategoriesTable>): Promise<FeedbackCategoryRow> {
    return db.insertInto('feedback_categories').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async updateCategory(
    db: Kysely<Database>,
    appId: string,
    id: number,
    changes: Updateable<FeedbackCategoriesTable>,
  ): Promise<FeedbackCategoryRow | undefined> {
    await db.updateTable('feedback_categories').set(changes).where('app_id', '=', appId).where('id', '=', id).execute();
    return db.selectFrom('feedback_categories').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
  }

  async deleteCategory(db: Kysely<Database>, appId: string, id: number): Promise<boolean> {
    const res = await db.deleteFrom('feedback_categories').where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  // Feedback

  insert(db: Kysely<Database>, row: Insertable<FeedbacksTable>): Promise<FeedbackRow> {
    return db.insertInto('feedbacks').values(row).returningAll().executeTakeFirstOrThrow();
  }

  private filtered(f: FeedbackFilter) {
    let q = this.db.selectFrom('feedbacks').where('app_id', '=', f.appId).where('deleted_at', 'is', null);
    if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
    if (f.status !== undefined) q = q.where('feedback_status', '=', f.status);
    if (f.categoryId !== undefined) q = q.where('feedback_category_id', '=', f.categoryId);
    if (f.q) {
      const text = f.q;
      q = q.where((eb) => eb.or([ilike(eb.ref('feedback_content'), text), ilike(eb.ref('contact_phone'), text)]));
    }
    return q;
  }

  async list(f: FeedbackFilter, page: PageRequest): Promise<{ total: number; rows: FeedbackRow[] }> {
    const [count, rows] = await Promise.all([
      this.filtered(f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      this.filtered(f).selectAll().orderBy('id', 'desc').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  /** A live (not deleted) feedback of the app, and of the user when given. */
  find(appId: string, id: number, userId?: number): Promise<FeedbackRow | undefined> {
    let q = this.db.selectFrom('feedbacks').selectAll().where('app_id', '=', appId).where('id', '=', id).where('deleted_at', 'is', null);
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    return q.executeTakeFirst();
  }

  async update(db: Kysely<Database>, id: number, changes: Updateable<FeedbacksTable>): Promise<void> {
    await db.updateTable('feedbacks').set(changes).where('id', '=', id).execute();
  }

  async softDelete(appId: string, userId: number, id: number, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('feedbacks')
      .set({ deleted_at: now, updated_at: now })
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  // Replies

  insertReply(db: Kysely<Database>, row: Insertable<Database['feedback_replies']>): Promise<FeedbackReplyRow> {
    return db.insertInto('feedback_replies').values(row).returningAll().executeTakeFirstOrThrow();
  }

  replies(feedbackId: number): Promise<FeedbackReplyRow[]> {
    return this.db.selectFrom('feedback_replies').selectAll().where('feedback_id', '=', feedbackId).orderBy('id', 'asc').execute();
  }

  latestReply(feedbackId: number): Promise<FeedbackReplyRow | undefined> {
    return this.db
      .selectFrom('feedback_replies')
      .selectAll()
      .where('feedback_id', '=', feedbackId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async markRepliesRead(feedbackId: number, now: number): Promise<void> {
    await this.db
      .updateTable('feedback_replies')
      .set({ is_read: 1, updated_at: now })
      .where('feedback_id', '=', feedbackId)
      .where('is_read', '=', 0)
      .execute();
  }
}
