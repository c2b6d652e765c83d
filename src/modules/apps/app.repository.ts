/** The only code that queries the apps table. Settings columns travel as stored (JSON text). */
import type { Kysely } from 'kysely';
import type { AppRow, Database } from '../../db/tables.js';
import type { PageRequest } from '../../platform/pagination.js';

export interface StoredSettings {
  push_config: string;
  sms_config: string;
}

export class AppRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(page: PageRequest): Promise<{ total: number; rows: AppRow[] }> {
    const [count, rows] = await Promise.all([
      this.db
        .selectFrom('apps')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      this.db.selectFrom('apps').selectAll().orderBy('id').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  find(appId: string, db: Kysely<Database> = this.db): Promise<AppRow | undefined> {
    return db.selectFrom('apps').selectAll().where('app_id', '=', appId).executeTakeFirst();
  }

  async exists(appId: string): Promise<boolean> {
    return (await this.db.selectFrom('apps').select('id').where('app_id', '=', appId).executeTakeFirst()) !== undefined;
  }

  /** Those of `appIds` that name an app. */
  async existing(appIds: string[]): Promise<string[]> {
    if (appIds.length === 0) return [];
    const rows = await this.db.selectFrom('apps').select('app_id').where('app_id', 'in', appIds).execute();
    return rows.map((r) => r.app_id);
  }

  /** The settings as stored; an unknown app has none. */
  async settings(appId: string): Promise<StoredSettings | undefined> {
    return this.db.selectFrom('apps').select(['push_config', 'sms_config']).where('app_id', '=', appId).executeTakeFirst();
  }

  insert(db: Kysely<Database>, values: { app_id: string; name: string; now: number } & StoredSettings): Promise<AppRow> {
    const { now, ...rest } = values;
    return db
      .insertInto('apps')
      .values({ ...rest, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async update(db: Kysely<Database>, appId: string, changes: { name?: string } & Partial<StoredSettings>, now: number): Promise<void> {
    await db
      .updateTable('apps')
      .set({ ...changes, updated_at: now })
      .where('app_id', '=', appId)
      .execute();
  }
}
