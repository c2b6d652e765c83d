/** Queries on app users. Rows are returned as stored; views live in user.view.ts. */
import type { Kysely } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { Database, NewUser, UserRow, UserUpdate } from '../../db/tables.js';
import { ilike } from '../../platform/like.js';
import type { Account } from './account.js';
import type { PageRequest } from '../../platform/pagination.js';

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every password login reads this: its SQL is built once (db/prepared.ts). */
  findByUsername(appId: string, area: string, username: string): Promise<UserRow | undefined> {
    return this.byUsername.executeTakeFirst(this.db, appId, area, username);
  }

  private readonly byUsername = prepared((appId: string, area: string, username: string) =>
    this.db.selectFrom('users').selectAll().where('app_id', '=', appId).where('area', '=', area).where('username', '=', username),
  );

  /** The user that has this account as its sign-in name, its phone or its e-mail. */
  findByAccount(appId: string, account: Account): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('app_id', '=', appId)
      .where((eb) =>
        account.kind === 'phone'
          ? eb.and([eb('area', '=', account.area), eb.or([eb('username', '=', account.username), eb('phone', '=', account.phone)])])
          : eb.or([eb('email', '=', account.email), eb.and([eb('area', '=', ''), eb('username', '=', account.username)])]),
      )
      .executeTakeFirst();
  }

  findById(appId: string, id: number, db: Kysely<Database> = this.db): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
  }

  /** Every change to a user goes through here (caches of authenticated users hang on it). */
  async update(appId: string, id: number, changes: UserUpdate, db: Kysely<Database> = this.db): Promise<UserRow | undefined> {
    await db.updateTable('users').set(changes).where('app_id', '=', appId).where('id', '=', id).execute();
    return db.selectFrom('users').selectAll().where('app_id', '=', appId).where('id', '=', id).executeTakeFirst();
  }

  async insert(db: Kysely<Database>, user: NewUser): Promise<UserRow> {
    return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
  }

  async search(appId: string, q: string | undefined, page: PageRequest): Promise<{ total: number; rows: UserRow[] }> {
    let base = this.db.selectFrom('users').where('app_id', '=', appId);
    if (q) {
      base = base.where((eb) =>
        eb.or([ilike(eb.ref('phone'), q), ilike(eb.ref('email'), q), ilike(eb.ref('username'), q), ilike(eb.ref('nickname'), q)]),
      );
    }
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      base.selectAll().orderBy('id', 'desc').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }
}
