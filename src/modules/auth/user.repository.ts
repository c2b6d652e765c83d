/** Queries on app users. Rows are returned as stored; views live in user.view.ts. */
import type { Kysely } from 'kysely';
import type { Database, NewUser, UserRow, UserUpdate } from '../../db/tables.js';

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findByUsername(appId: string, area: string, username: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('app_id', '=', appId)
      .where('area', '=', area)
      .where('username', '=', username)
      .executeTakeFirst();
  }

  findById(appId: string, id: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
  }

  async update(appId: string, id: number, changes: UserUpdate): Promise<UserRow | undefined> {
    await this.db.updateTable('users').set(changes).where('app_id', '=', appId).where('id', '=', id).execute();
    return this.findById(appId, id);
  }

  async insert(db: Kysely<Database>, user: NewUser): Promise<UserRow> {
    return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
  }
}
