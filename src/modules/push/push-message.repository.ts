/** Push messages, their planned batches and their recorded audience. */
import type { Insertable, Kysely } from 'kysely';
import type { Database, PushBatchRow, PushMessageRow, PushMessagesTable } from '../../db/tables.js';
import type { PageRequest } from '../../platform/pagination.js';
import { PushStatus } from './push.model.js';

export interface PlannedBatch {
  provider: string;
  clientType: string;
  clientIds: string[];
}

/** locked_by of a message held back after an error: no worker has that name. */
const HOLD_MARK = '(held after error)';

export class PushMessageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  insert(db: Kysely<Database>, row: Insertable<PushMessagesTable>): Promise<PushMessageRow> {
    return db.insertInto('push_messages').values(row).returningAll().executeTakeFirstOrThrow();
  }

  find(id: number, appId?: string): Promise<PushMessageRow | undefined> {
    let q = this.db.selectFrom('push_messages').selectAll().where('id', '=', id);
    if (appId !== undefined) q = q.where('app_id', '=', appId);
    return q.executeTakeFirst();
  }

  async list(appId: string, page: PageRequest): Promise<{ total: number; rows: PushMessageRow[] }> {
    const base = this.db.selectFrom('push_messages').where('app_id', '=', appId);
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      base.selectAll().orderBy('id', 'desc').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  /** Cancels a push whose delivery has not started; false otherwise. */
  async cancel(db: Kysely<Database>, appId: string, id: number, now: number): Promise<boolean> {
    const res = await db
      .updateTable('push_messages')
      .set({ push_status: PushStatus.Canceled, updated_at: now })
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .where('push_status', '=', PushStatus.Pending)
      .where('planned_at', 'is', null)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Pending messages due now, oldest first. */
  async dueIds(now: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('push_messages')
      .select('id')
      .where('push_status', '=', PushStatus.Pending)
      .where((eb) => eb.or([eb('send_at', 'is', null), eb('send_at', '<=', now)]))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  async pendingCount(): Promise<number> {
    const row = await this.db
      .selectFrom('push_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('push_status', '=', PushStatus.Pending)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Takes the delivery lease; false while anyone holds a live one, this worker included
   * (a second delivery of the same message in one process must wait, too).
   */
  async claim(id: number, worker: string, now: number, leaseMs: number): Promise<boolean> {
    const res = await this.db
      .updateTable('push_messages')
      .set({ locked_until: now + leaseMs, locked_by: worker })
      .where('id', '=', id)
      .where('push_status', '=', PushStatus.Pending)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Extends this worker's lease; false when it expired and another worker took the message. */
  async renew(id: number, worker: string, now: number, leaseMs: number): Promise<boolean> {
    const res = await this.db
      .updateTable('push_messages')
      .set({ locked_until: now + leaseMs })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .where('push_status', '=', PushStatus.Pending)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async release(id: number, worker: string): Promise<void> {
    await this.db
      .updateTable('push_messages')
      .set({ locked_until: null, locked_by: null })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .execute();
  }

  /**
   * After an unexpected error, keeps every worker (this one too) away from the message
   * until `until`, so that a message that keeps failing is retried slowly instead of
   * at every poll, and does not hold up the messages queued behind it.
   */
  async holdAfterError(id: number, worker: string, until: number): Promise<void> {
    await this.db
      .updateTable('push_messages')
      .set({ locked_until: until, locked_by: HOLD_MARK })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .execute();
  }

  /** Records users the message is addressed to (inside the planning transaction). */
  async addTargets(db: Kysely<Database>, pushId: number, userIds: readonly number[]): Promise<void> {
    for (let i = 0; i < userIds.length; i += 500) {
      await db
        .insertInto('push_targets')
        .values(userIds.slice(i, i + 500).map((user_id) => ({ push_id: pushId, user_id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }

  /** Records one planned batch of device ids (inside the planning transaction). */
  async addBatch(db: Kysely<Database>, msg: PushMessageRow, batch: PlannedBatch, now: number): Promise<void> {
    await db
      .insertInto('push_batches')
      .values({
        app_id: msg.app_id,
        push_id: msg.id,
        provider: batch.provider,
        client_type: batch.clientType,
        client_ids: JSON.stringify(batch.clientIds),
        status: 0,
        sent: 0,
        failed: 0,
        attempts: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  /** Marks the message planned with its audience figures (last step of the planning transaction). */
  async finishPlan(db: Kysely<Database>, pushId: number, figures: { targeted: number; skipped: number }, now: number): Promise<void> {
    await db
      .updateTable('push_messages')
      .set({ targeted: figures.targeted, skipped: figures.skipped, planned_at: now, updated_at: now })
      .where('id', '=', pushId)
      .execute();
  }

  /** The first batch of the message not yet recorded as done (one at a time: a batch holds up to 1000 ids). */
  nextPendingBatch(pushId: number): Promise<PushBatchRow | undefined> {
    return this.db
      .selectFrom('push_batches')
      .selectAll()
      .where('push_id', '=', pushId)
      .where('status', '=', 0)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  }

  /** Records a finished batch and adds its figures to the message, together. */
  async finishBatch(batch: PushBatchRow, sent: number, failed: number, attempts: number, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('push_batches')
        .set({ status: 1, sent, failed, attempts, updated_at: now })
        .where('id', '=', batch.id)
        .where('status', '=', 0)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return;
      await trx
        .updateTable('push_messages')
        .set((eb) => ({ sent: eb('sent', '+', sent), failed: eb('failed', '+', failed), updated_at: now }))
        .where('id', '=', batch.push_id)
        .execute();
    });
  }

  async finish(id: number, status: number, now: number): Promise<void> {
    await this.db
      .updateTable('push_messages')
      .set({ push_status: status, updated_at: now, locked_until: null, locked_by: null })
      .where('id', '=', id)
      .where('push_status', '=', PushStatus.Pending)
      .execute();
  }
}
