/** Operator accounts and their tokens. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, ManagerRow, ManagersTable } from '../../db/tables.js';
import type { PageRequest } from '../../platform/pagination.js';

export class ManagerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findByUsername(username: string): Promise<ManagerRow | undefined> {
    return this.db.selectFrom('managers').selectAll().where('username', '=', username).executeTakeFirst();
  }

  findById(id: number): Promise<ManagerRow | undefined> {
    return this.db.selectFrom('managers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('managers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  insert(db: Kysely<Database>, manager: Insertable<ManagersTable>): Promise<ManagerRow> {
    return db.insertInto('managers').values(manager).returningAll().executeTakeFirstOrThrow();
  }

  async insertToken(managerId: number, tokenHash: string, expiresAt: number, now: number): Promise<void> {
    await this.db
      .insertInto('manager_tokens')
      .values({ manager_id: managerId, token_hash: tokenHash, expires_at: expiresAt, revoked_at: null, created_at: now })
      .execute();
  }

  findToken(tokenHash: string, now: number) {
    return this.db
      .selectFrom('manager_tokens as t')
      .innerJoin('managers as m', 'm.id', 't.manager_id')
      .select(['t.id as token_id', 'm.id', 'm.username', 'm.role', 'm.app_ids', 'm.is_active'])
      .where('t.token_hash', '=', tokenHash)
      .where('t.expires_at', '>', now)
      .where('t.revoked_at', 'is', null)
      .executeTakeFirst();
  }

  async revokeToken(tokenId: number, now: number): Promise<void> {
    await this.db.updateTable('manager_tokens').set({ revoked_at: now }).where('id', '=', tokenId).execute();
  }

  async revokeAllTokens(db: Kysely<Database>, managerId: number, now: number): Promise<void> {
    await db
      .updateTable('manager_tokens')
      .set({ revoked_at: now })
      .where('manager_id', '=', managerId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async list(page: PageRequest): Promise<{ total: number; rows: ManagerRow[] }> {
    const [count, rows] = await Promise.all([
      this.db
        .selectFrom('managers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      this.db.selectFrom('managers').selectAll().orderBy('id').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  async update(db: Kysely<Database>, id: number, changes: Updateable<ManagersTable>): Promise<ManagerRow | undefined> {
    await db.updateTable('managers').set(changes).where('id', '=', id).execute();
    return db.selectFrom('managers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async delete(db: Kysely<Database>, id: number): Promise<void> {
    await db.deleteFrom('manager_tokens').where('manager_id', '=', id).execute();
    await db.deleteFrom('managers').where('id', '=', id).execute();
  }

  async countActiveSupers(db: Kysely<Database>): Promise<number> {
    const row = await db
      .selectFrom('managers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'super')
      .where('is_active', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
