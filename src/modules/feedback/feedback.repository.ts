/** Feedback rows. Deleted feedback keeps its row (deleted_at) and is invisible to every read here. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import { BatchedInsert } from '../../db/batched-insert.js';
import type { Database, FeedbackRow, FeedbacksTable } from '../../db/tables.js';
import { ilike } from '../../platform/like.js';
import type { PageRequest } from '../../platform/pagination.js';

export interface FeedbackFilter {
  appId: string;
  userId?: number | undefined;
  status?: number | undefined;
  categoryId?: number | undefined;
  /** Case-insensitive "content or contact phone contains". */
  q?: string | undefined;
}

export class FeedbackRepository {
  /** New feedback is the busiest write users make: those of one event-loop turn share a statement. */
  private readonly inserts: BatchedInsert<'feedbacks'>;

  constructor(private readonly db: Kysely<Database>) {
    this.inserts = new BatchedInsert(db, 'feedbacks');
  }

  /** A new feedback, committed on its own (not inside a caller's transaction). */
  insert(row: Insertable<FeedbacksTable>): Promise<FeedbackRow> {
    return this.inserts.insert(row);
  }

  private filtered(f: FeedbackFilter) {
    let q = this.db.selectFrom('feedbacks').where('app_id', '=', f.appId).where('deleted_at', 'is', null);
    if (f.userId !== undefined) q = q.where('user_id', '=', f.userId);
    if (f.status !== undefined) q = q.where('feedback_status', '=', f.status);
    if (f.categoryId !== undefined) q = q.where('feedback_category_id', '=', f.categoryId);
    if (f.q !== undefined) {
      const text = f.q;
      q = q.where((eb) => eb.or([ilike(eb.ref('feedback_content'), text), ilike(eb.ref('contact_phone'), text)]));
    }
    return q;
  }

  /** Newest first. */
  async list(f: FeedbackFilter, page: PageRequest): Promise<{ total: number; rows: FeedbackRow[] }> {
    const [count, rows] = await Promise.all([
      this.filtered(f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      this.filtered(f).selectAll().orderBy('id', 'desc').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  /** A live feedback of the app, and of the user when one is given. */
  find(db: Kysely<Database>, appId: string, id: number, userId?: number): Promise<FeedbackRow | undefined> {
    let q = db.selectFrom('feedbacks').selectAll().where('app_id', '=', appId).where('id', '=', id).where('deleted_at', 'is', null);
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    return q.executeTakeFirst();
  }

  /** Updates a live feedback; false when there is none (deleted meanwhile). */
  async update(db: Kysely<Database>, appId: string, id: number, changes: Updateable<FeedbacksTable>): Promise<boolean> {
    const res = await db
      .updateTable('feedbacks')
      .set(changes)
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
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
}
