/** Stored avatars (the re-encoded WebP bytes). Stateless: any module may build one on its handle. */
import type { Kysely, Selectable } from 'kysely';
import type { AvatarsTable, Database } from '../../db/tables.js';

export type AvatarRow = Selectable<AvatarsTable>;

export class AvatarRepository {
  constructor(private readonly db: Kysely<Database>) {}

  find(id: string): Promise<AvatarRow | undefined> {
    return this.db.selectFrom('avatars').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(trx: Kysely<Database>, avatar: AvatarRow): Promise<void> {
    await trx.insertInto('avatars').values(avatar).execute();
  }

  /**
   * Removes the user's stored avatars (all of them, or all but `keep`) inside the caller's
   * transaction: a new upload replaces the old one, and account deletion removes them all.
   */
  async deleteForUser(trx: Kysely<Database>, appId: string, userId: number, keep?: string): Promise<void> {
    let query = trx.deleteFrom('avatars').where('app_id', '=', appId).where('user_id', '=', userId);
    if (keep !== undefined) query = query.where('id', '!=', keep);
    await query.execute();
  }
}
