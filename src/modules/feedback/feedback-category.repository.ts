/** Feedback categories of an app. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, FeedbackCategoriesTable, FeedbackCategoryRow } from '../../db/tables.js';
import type { PageRequest } from '../../platform/pagination.js';

export class FeedbackCategoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Oldest first: the order operators created them in is the order clients show them. */
  async list(appId: string, page: PageRequest): Promise<{ total: number; rows: FeedbackCategoryRow[] }> {
    const base = this.db.selectFrom('feedback_categories').where('app_id', '=', appId);
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      base.selectAll().orderBy('id', 'asc').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  find(appId: string, id: number): Promise<FeedbackCategoryRow | undefined> {
    return this.db.selectFrom('feedback_categories').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
  }

  insert(db: Kysely<Database>, row: Insertable<FeedbackCategoriesTable>): Promise<FeedbackCategoryRow> {
    return db.insertInto('feedback_categories').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Applies `changes` and answers the row as it is now; undefined when no such row. */
  async update(
    db: Kysely<Database>,
    appId: string,
    id: number,
    changes: Updateable<FeedbackCategoriesTable>,
  ): Promise<FeedbackCategoryRow | undefined> {
    const res = await db
      .updateTable('feedback_categories')
      .set(changes)
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return undefined;
    return db.selectFrom('feedback_categories').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
  }

  async delete(db: Kysely<Database>, appId: string, id: number): Promise<boolean> {
    const res = await db.deleteFrom('feedback_categories').where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
