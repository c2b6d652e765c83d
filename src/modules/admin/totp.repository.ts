/**
 * The managers' second-factor columns. Accepting a code is one conditional UPDATE that
 * moves `totp_last_step` forward, so of two sign-ins racing with the same code exactly one
 * changes the row: the other sees no row updated and is refused (replay), on either dialect.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

const OFF = { totp_enabled: 0, totp_secret: null, totp_last_step: null } as const;

export class TotpRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a new pending secret unless the second factor is already on; false when it is. */
  async setPending(managerId: number, storedSecret: string, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('managers')
      .set({ totp_secret: storedSecret, totp_last_step: null, updated_at: now })
      .where('id', '=', managerId)
      .where('totp_enabled', '=', 0)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Turns the pending secret on, the enabling code's step used; false when it changed meanwhile. */
  async enable(managerId: number, storedSecret: string, step: number, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('managers')
      .set({ totp_enabled: 1, totp_last_step: step, updated_at: now })
      .where('id', '=', managerId)
      .where('totp_enabled', '=', 0)
      .where('totp_secret', '=', storedSecret)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Takes a code's step if no later or equal step was taken; false: replayed (or turned off). */
  async consumeStep(managerId: number, step: number): Promise<boolean> {
    const res = await this.db
      .updateTable('managers')
      .set({ totp_last_step: step })
      .where('id', '=', managerId)
      .where('totp_enabled', '=', 1)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Turns the second factor off with a code of `step` (not replayed); false otherwise. */
  async disableWithStep(managerId: number, step: number, now: number): Promise<boolean> {
    const res = await this.db
      .updateTable('managers')
      .set({ ...OFF, updated_at: now })
      .where('id', '=', managerId)
      .where('totp_enabled', '=', 1)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Turns it off, pending secret included (a super, the CLI, or a manager dropping a pending one). */
  async turnOff(db: Kysely<Database>, managerId: number, now: number): Promise<void> {
    await db
      .updateTable('managers')
      .set({ ...OFF, updated_at: now })
      .where('id', '=', managerId)
      .execute();
  }
}

/** The column values of a manager whose second factor is off (for updates that include other changes). */
export const TOTP_OFF = OFF;
