/** Device bindings: which user a push client id belongs to, on which platform, switched on or off. */
import type { Kysely } from 'kysely';
import type { Database, PushBindingRow } from '../../db/tables.js';

export class PushBindingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Binds (or moves) the client id to the user. Apps bind at every launch, so a device
   * bound again by the same user keeps its switch; moved to another user it is a new
   * binding for that user, switched on.
   */
  async bind(b: {
    appId: string;
    userId: number;
    clientId: string;
    clientType: string;
    provider: string;
    now: number;
  }): Promise<PushBindingRow> {
    await this.db
      .insertInto('push_bindings')
      .values({
        app_id: b.appId,
        user_id: b.userId,
        client_id: b.clientId,
        client_type: b.clientType,
        provider: b.provider,
        switch: 1,
        created_at: b.now,
        updated_at: b.now,
      })
      .onConflict((oc) =>
        oc.columns(['app_id', 'client_id']).doUpdateSet((eb) => ({
          user_id: b.userId,
          client_type: b.clientType,
          provider: b.provider,
          switch: eb.case().when('push_bindings.user_id', '=', b.userId).then(eb.ref('push_bindings.switch')).else(1).end(),
          updated_at: b.now,
        })),
      )
      .execute();
    return this.db
      .selectFrom('push_bindings')
      .selectAll()
      .where('app_id', '=', b.appId)
      .where('client_id', '=', b.clientId)
      .executeTakeFirstOrThrow();
  }

  findOwn(appId: string, userId: number, clientId: string): Promise<PushBindingRow | undefined> {
    return this.db
      .selectFrom('push_bindings')
      .selectAll()
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  }

  /** The user's bound devices, newest first (a user has a handful). */
  listForUser(appId: string, userId: number): Promise<PushBindingRow[]> {
    return this.db
      .selectFrom('push_bindings')
      .selectAll()
      .where('app_id', '=', appId)
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .execute();
  }

  async setSwitch(id: number, on: boolean, now: number): Promise<void> {
    await this.db
      .updateTable('push_bindings')
      .set({ switch: on ? 1 : 0, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /**
   * One page of a push's audience (bindings of the app for these client types, and of the
   * listed users when there are), in id order after `afterId`: the audience is read in
   * pages, so planning a push to any number of devices holds one page in memory.
   */
  audiencePage(
    db: Kysely<Database>,
    appId: string,
    clientTypes: string[],
    userIds: number[] | null,
    afterId: number,
    limit: number,
  ): Promise<Pick<PushBindingRow, 'id' | 'user_id' | 'client_id' | 'client_type' | 'provider' | 'switch'>[]> {
    let q = db
      .selectFrom('push_bindings')
      .select(['id', 'user_id', 'client_id', 'client_type', 'provider', 'switch'])
      .where('app_id', '=', appId)
      .where('client_type', 'in', clientTypes)
      .where('id', '>', afterId);
    if (userIds) q = q.where('user_id', 'in', userIds.length > 0 ? userIds : [-1]);
    return q.orderBy('id').limit(limit).execute();
  }

  async removeClientIds(appId: string, clientIds: string[]): Promise<void> {
    if (clientIds.length === 0) return;
    await this.db.deleteFrom('push_bindings').where('app_id', '=', appId).where('client_id', 'in', clientIds).execute();
  }
}
