/** Verification codes: one live code per account and app, stored as a hash. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

export interface StoredCode {
  id: number;
  code_hash: string;
  attempts: number;
  expires_at: number;
}

export class CodeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Replaces the account's previous code. */
  async replace(appId: string, account: string, codeHash: string, expiresAt: number, now: number): Promise<void> {
    await this.db
      .insertInto('verification_codes')
      .values({ app_id: appId, account, code_hash: codeHash, attempts: 0, expires_at: expiresAt, created_at: now })
      .onConflict((oc) =>
        oc.columns(['app_id', 'account']).doUpdateSet({ code_hash: codeHash, attempts: 0, expires_at: expiresAt, created_at: now }),
      )
      .execute();
  }

  /**
   * Takes one attempt of the account's live code before it is compared, so that racing
   * guesses can never be compared more than `maxAttempts` times in all; undefined when the
   * code is missing, expired or out of attempts. A right guess gives its attempt back.
   */
  takeAttempt(appId: string, account: string, maxAttempts: number, now: number): Promise<StoredCode | undefined> {
    return this.db
      .updateTable('verification_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('app_id', '=', appId)
      .where('account', '=', account)
      .where('attempts', '<', maxAttempts)
      .where('expires_at', '>', now)
      .returning(['id', 'code_hash', 'attempts', 'expires_at'])
      .executeTakeFirst();
  }

  /** Gives back the attempt a right guess took; a code replaced meanwhile is left alone. */
  async returnAttempt(id: number, codeHash: string): Promise<void> {
    await this.db
      .updateTable('verification_codes')
      .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
      .where('id', '=', id)
      .where('code_hash', '=', codeHash)
      .where('attempts', '>', 0)
      .execute();
  }

  /** Consumes the code; false when another request consumed or replaced it first. */
  async consume(db: Kysely<Database>, id: number, codeHash: string): Promise<boolean> {
    const res = await db.deleteFrom('verification_codes').where('id', '=', id).where('code_hash', '=', codeHash).executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  }
}
