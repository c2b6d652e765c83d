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

  find(appId: string, account: string): Promise<StoredCode | undefined> {
    return this.db
      .selectFrom('verification_codes')
      .select(['id', 'code_hash', 'attempts', 'expires_at'])
      .where('app_id', '=', appId)
      .where('account', '=', account)
      .executeTakeFirst();
  }

  /** Counts a wrong try; only while tries remain, so racing tries cannot exceed the cap. */
  async countWrongTry(id: number, maxAttempts: number): Promise<void> {
    await this.db
      .updateTable('verification_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('attempts', '<', maxAttempts)
      .execute();
  }

  /** Consumes the code; false when another request consumed or replaced it first. */
  async consume(db: Kysely<Database>, id: number, codeHash: string): Promise<boolean> {
    const res = await db.deleteFrom('verification_codes').where('id', '=', id).where('code_hash', '=', codeHash).executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  }
}
