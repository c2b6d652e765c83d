/** Operator replies to feedback. Whether a reply is visible depends on its feedback being live. */
import type { Insertable, Kysely } from 'kysely';
import type { Database, FeedbackRepliesTable, FeedbackReplyRow } from '../../db/tables.js';

export class FeedbackReplyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  insert(db: Kysely<Database>, row: Insertable<FeedbackRepliesTable>): Promise<FeedbackReplyRow> {
    return db.insertInto('feedback_replies').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Oldest first: a thread reads top-down. */
  listFor(feedbackId: number): Promise<FeedbackReplyRow[]> {
    return this.db.selectFrom('feedback_replies').selectAll().where('feedback_id', '=', feedbackId).orderBy('id', 'asc').execute();
  }

  latest(feedbackId: number): Promise<FeedbackReplyRow | undefined> {
    return this.db
      .selectFrom('feedback_replies')
      .selectAll()
      .where('feedback_id', '=', feedbackId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Marks read the replies up to `upToId`: those the reader has now seen. A reply written
   * after the read began stays unread.
   */
  async markReadUpTo(feedbackId: number, upToId: number, now: number): Promise<void> {
    await this.db
      .updateTable('feedback_replies')
      .set({ is_read: 1, updated_at: now })
      .where('feedback_id', '=', feedbackId)
      .where('id', '<=', upToId)
      .where('is_read', '=', 0)
      .execute();
  }
}
