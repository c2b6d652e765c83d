/**
 * The one writer of app user accounts. Every change to a user row, and every revocation of
 * a user's sessions, goes through here, so that the three things that must happen together
 * always do: the write (with whatever the caller records in the same transaction, such as
 * an audit entry), the revocation, and dropping the cached sessions on every instance once
 * the change has committed.
 */
import type { Kysely } from 'kysely';
import type { Database, NewUser, UserRow, UserUpdate } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { TokenRepository } from './token.repository.js';
import type { TokenService } from './token.service.js';
import type { UserRepository } from './user.repository.js';

/** Work the caller adds to the account change's transaction (an audit entry, say). */
export type AlongsideWrite = (trx: Kysely<Database>, user: UserRow) => Promise<void>;

export class AccountWriter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: UserRepository,
    private readonly sessions: TokenRepository,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  /** Inserts a user inside the caller's transaction (registration opens its session there too). */
  create(trx: Kysely<Database>, user: NewUser): Promise<UserRow> {
    return this.users.insert(trx, user);
  }

  /**
   * Applies `changes` to the user (10001 when it is not in the app), runs `alongside` in
   * the same transaction, and drops cached copies of the user everywhere after the commit.
   */
  async update(appId: string, userId: number, changes: UserUpdate, alongside?: AlongsideWrite): Promise<UserRow> {
    const updated = await this.db.transaction().execute(async (trx) => {
      const row = await this.users.update(appId, userId, { ...changes, updated_at: this.clock.now() }, trx);
      if (!row) throw notFound('user');
      if (alongside) await alongside(trx, row);
      return row;
    });
    await this.tokens.userChanged(userId);
    return updated;
  }

  /** Revokes every live session of the user but `keep` (the caller's own, on a password change). */
  async revokeSessions(userId: number, keep?: number): Promise<void> {
    await this.sessions.revokeUserSessions(userId, this.clock.now(), keep);
    await this.tokens.userChanged(userId);
  }

  /** Revokes one session (logout, or the user ending it from the session list). */
  revokeSession(sessionId: number): Promise<void> {
    return this.tokens.revokeSession(sessionId);
  }
}
