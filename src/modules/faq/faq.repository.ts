/** FAQ articles: Kysely only, one query path for SQLite and PostgreSQL. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, FaqRow, FaqsTable } from '../../db/tables.js';
import { ilike } from '../../platform/like.js';
import type { PageRequest } from '../../platform/pagination.js';

export interface FaqFilter {
  appId: string;
  publishedOnly: boolean;
  /** Exact category; undefined means any. */
  category?: string | undefined;
  /** Case-insensitive "title or content contains"; undefined means no text filter. */
  q?: string | undefined;
}

export class FaqRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private filtered(f: FaqFilter) {
    let q = this.db.selectFrom('faqs').where('app_id', '=', f.appId);
    if (f.publishedOnly) q = q.where('is_published', '=', 1);
    if (f.category !== undefined) q = q.where('category', '=', f.category);
    if (f.q !== undefined) {
      const text = f.q;
      q = q.where((eb) => eb.or([ilike(eb.ref('title'), text), ilike(eb.ref('content'), text)]));
    }
    return q;
  }

  /** One page, ordered by sort descending then id descending (the faqs_app_sort_idx order). */
  async list(f: FaqFilter, page: PageRequest): Promise<{ total: number; rows: FaqRow[] }> {
    const [count, rows] = await Promise.all([
      this.filtered(f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      this.filtered(f).selectAll().orderBy('sort', 'desc').orderBy('id', 'desc').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  find(appId: string, id: number, publishedOnly: boolean): Promise<FaqRow | undefined> {
    let q = this.db.selectFrom('faqs').selectAll().where('app_id', '=', appId).where('id', '=', id);
    if (publishedOnly) q = q.where('is_published', '=', 1);
    return q.executeTakeFirst();
  }

  insert(db: Kysely<Database>, row: Insertable<FaqsTable>): Promise<FaqRow> {
    return db.insertInto('faqs').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Applies `changes` and answers the row as it is now; undefined when no such row. */
  async update(db: Kysely<Database>, appId: string, id: number, changes: Updateable<FaqsTable>): Promise<FaqRow | undefined> {
    const res = await db.updateTable('faqs').set(changes).where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return undefined;
    return db.selectFrom('faqs').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
  }

  async delete(db: Kysely<Database>, appId: string, id: number): Promise<boolean> {
    const res = await db.deleteFrom('faqs').where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
