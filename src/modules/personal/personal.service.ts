/** The signed-in user's own profile. */
import type { UserRow, UserUpdate } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { invalidField } from '../../platform/errors.js';
import { isHttpUrl } from '../../platform/urls.js';
import { todayIn, type TimeFormatter } from '../../platform/time-format.js';
import type { AccountWriter, AlongsideWrite } from '../auth/account-writer.js';

export interface ProfileChanges {
  nickname?: string | undefined;
  avatar?: string | undefined;
  gender?: number | undefined;
  birthday?: string | undefined;
  address?: string | undefined;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export class PersonalService {
  constructor(
    private readonly accounts: AccountWriter,
    private readonly clock: Clock,
    private readonly time: TimeFormatter,
    /** Drops uploaded images once the avatar points elsewhere (an external URL or none). */
    private readonly avatarReplaced?: AlongsideWrite,
  ) {}

  /** Validates every field first, so an invalid request changes nothing. */
  async update(user: UserRow, changes: ProfileChanges): Promise<UserRow> {
    const set: UserUpdate = {};
    if (changes.nickname !== undefined) set.nickname = changes.nickname.trim();
    if (changes.avatar !== undefined) {
      const avatar = changes.avatar.trim();
      if (avatar !== '' && !isHttpUrl(avatar)) throw invalidField('avatar', 'must be an http(s) URL');
      set.avatar = avatar;
    }
    if (changes.gender !== undefined) set.gender = changes.gender;
    if (changes.birthday !== undefined) {
      const b = changes.birthday.trim();
      const now = this.clock.now();
      if (b !== '' && (!isRealDate(b) || b >= todayIn(this.time, now)))
        throw invalidField('birthday', 'must be a real past date YYYY-MM-DD');
      set.birthday = b;
    }
    if (changes.address !== undefined) set.address = changes.address;
    if (Object.keys(set).length === 0) return user;
    return this.accounts.update(user.app_id, user.id, set, set.avatar !== undefined ? this.avatarReplaced : undefined);
  }
}
