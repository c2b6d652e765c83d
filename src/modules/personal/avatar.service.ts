/**
 * Avatar uploads: the image re-encoded (avatar-image.ts), stored under a new random id, and
 * the user's `avatar` pointed at it in the same transaction that removes the previous ones,
 * through the account writer so that cached sessions see the new URL at once.
 */
import { createHash } from 'node:crypto';
import type { UserRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { randomAlphanumeric } from '../../platform/secrets.js';
import type { AccountWriter } from '../auth/account-writer.js';
import { toAvatarWebp } from './avatar-image.js';
import type { AvatarRepository, AvatarRow } from './avatar.repository.js';

export const AVATAR_PATH = '/api/avatars/';
const ID_LENGTH = 32;

export class AvatarService {
  constructor(
    private readonly accounts: AccountWriter,
    private readonly avatars: AvatarRepository,
    private readonly clock: Clock,
  ) {}

  /** `base` is the origin the URL is built on (PUBLIC_URL, or the request's). */
  async upload(user: UserRow, upload: Buffer, base: string): Promise<UserRow> {
    const bytes = await toAvatarWebp(upload);
    const id = randomAlphanumeric(ID_LENGTH);
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
    const avatar: AvatarRow = { id, app_id: user.app_id, user_id: user.id, bytes, etag, created_at: this.clock.now() };
    return this.accounts.update(user.app_id, user.id, { avatar: `${base}${AVATAR_PATH}${id}` }, async (trx) => {
      await this.avatars.insert(trx, avatar);
      await this.avatars.deleteForUser(trx, user.app_id, user.id, id);
    });
  }

  find(id: string): Promise<AvatarRow | undefined> {
    return this.avatars.find(id);
  }
}
