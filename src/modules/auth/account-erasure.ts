/**
 * Erasing a user (account deletion, SPEC section 7): every row that holds their personal
 * data or credentials goes, inside the caller's transaction. Their feedback stays for the
 * operators, detached from them (user_id 0, shown as null) and without the contact phone
 * they may have typed into it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { DELETED_AUTHOR_ID } from '../feedback/feedback.model.js';

export async function eraseUser(trx: Kysely<Database>, appId: string, userId: number, accountKeys: readonly string[]): Promise<void> {
  // Through the sessions: auth_tokens has no index on user_id (a pair belongs to its session's user).
  await trx
    .deleteFrom('auth_tokens')
    .where('session_id', 'in', trx.selectFrom('sessions').select('id').where('user_id', '=', userId))
    .execute();
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await trx.deleteFrom('push_bindings').where('app_id', '=', appId).where('user_id', '=', userId).execute();
  await trx.deleteFrom('push_targets').where('user_id', '=', userId).execute();
  await trx.deleteFrom('push_inbox_deletions').where('user_id', '=', userId).execute();
  await trx.deleteFrom('avatars').where('app_id', '=', appId).where('user_id', '=', userId).execute();
  await trx
    .updateTable('feedbacks')
    .set({ user_id: DELETED_AUTHOR_ID, contact_phone: '' })
    .where('app_id', '=', appId)
    .where('user_id', '=', userId)
    .execute();
  if (accountKeys.length > 0) {
    await trx.deleteFrom('verification_codes').where('app_id', '=', appId).where('account', 'in', accountKeys).execute();
  }
  await trx.deleteFrom('users').where('app_id', '=', appId).where('id', '=', userId).execute();
}
