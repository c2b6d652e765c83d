/** FAQ articles. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, FaqRow, FaqsTable } from '../../db/tables.js';
import { ilike } from '../../platform/like.js';
import type { PageRequest } from '../../platform/pagination.js';

export interface FaqFilter {
  appId: string;
  publishedOnly: boolean;
  category?: string | undefined;
  q?: string | undefined;
}

export class FaqRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private filtered(f: FaqFilter) {
    let q = this.db.selectFrom('faqs').where('app_id', '=', f.appId);
    if (f.publishedOnly) q = q.where('is_published', '=', 1);
    if (f.category !== undefined) q = q.where('category', '=', f.category);
    if (f.q) {
      const text = f.q;
      q = q.where((eb) => eb.or([ilike(eb.ref('title'), text), ilike(eb.ref('content'), text)]));
    }
    return q;
  }

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

  async update(db: Kysely<Database>, appId: string, id: number, changes: Updateable<FaqsTable>): Promise<FaqRow | undefined> {
    await db.updateTable('faqs').set(changes).where('app_id', '=', appId).where('id', '=', id).execute();
    return db.selectFrom('faqs').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
  }

  async delete(db: Kysely<Database>, appId: string, id: number): Promise<boolean> {
    const res = await db.deleteFrom('faqs').where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
