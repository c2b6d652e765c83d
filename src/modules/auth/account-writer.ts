/**
 * The one writer of app user accounts. Every change to a user row, and every revocation of
 * a user's sessions, goes through here, so that the three things that must happen together
 * always do: the write (with whatever the caller records in the same transaction, such as
 * an audit entry), the revocation, and dropping the cached sessions on every instance once
 * the change has committed.
 */
import type { Kysely } from 'kysely';
import type { Database, UserRow, UserUpdate } from '../../db/tables.js';
import { OPENID_LENGTH, randomAlphanumeric } from '../../platform/secrets.js';
import type { Account } from './account.js';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { TokenRepository } from './token.repository.js';
import type { TokenService } from './token.service.js';
import type { UserRepository } from './user.repository.js';
import { eraseUser } from './account-erasure.js';

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

  /**
   * Inserts a new user for `account` inside the caller's transaction (registration opens
   * its session there too), with the contract's defaults for a new user: role 0, gender 2,
   * empty strings, and an openid of 40 random characters fixed for good.
   */
  create(trx: Kysely<Database>, appId: string, account: Account, passwordHash: string): Promise<UserRow> {
    const now = this.clock.now();
    return this.users.insert(trx, {
      app_id: appId,
      area: account.area,
      phone: account.phone,
      email: account.email,
      openid: randomAlphanumeric(OPENID_LENGTH),
      role: 0,
      username: account.username,
      password_hash: passwordHash,
      is_active: 1,
      nickname: '',
      avatar: '',
      gender: 2,
      birthday: '',
      address: '',
      created_at: now,
      updated_at: now,
    });
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

  /**
   * Sets the password hash and revokes every session of the user but `keep` (the caller's
   * own, on a password change; none on a reset), in one transaction with `alongside` (the
   * code consumed, say); cached sessions go everywhere after the commit.
   */
  async setPassword(appId: string, userId: number, passwordHash: string, keep?: number, alongside?: AlongsideWrite): Promise<UserRow> {
    const now = this.clock.now();
    const updated = await this.db.transaction().execute(async (trx) => {
      const row = await this.users.update(appId, userId, { password_hash: passwordHash, updated_at: now }, trx);
      if (!row) throw notFound('user');
      await this.sessions.revokeUserSessions(userId, now, keep, trx);
      if (alongside) await alongside(trx, row);
      return row;
    });
    await this.tokens.userChanged(userId);
    return updated;
  }

  /**
   * Erases the user: the row, its sessions and tokens, devices, inbox state and codes; its
   * feedback stays for operators without a user. Cached sessions go everywhere after the
   * commit, so the user's tokens answer 10004 at once.
   */
  async erase(user: UserRow, accountKeys: readonly string[], alongside?: AlongsideWrite): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (alongside) await alongside(trx, user);
      await eraseUser(trx, user.app_id, user.id, accountKeys);
    });
    await this.tokens.userChanged(user.id);
  }

  /** Revokes every live session of the user but `keep` (the caller's own, on a password change). */
  async revokeSessions(userId: number, keep?: number): Promise<void> {
    await this.sessions.revokeUserSessions(userId, this.clock.now(), keep);
    await this.tokens.userChanged(userId);
  }

  /**
   * Revokes every session of a user of the app (10001 when it is not there), with
   * `alongside` (an operator's audit entry) in the same transaction; cached sessions go
   * everywhere after the commit, so the user's tokens answer 10004 at once.
   */
  async revokeAllSessions(appId: string, userId: number, alongside?: AlongsideWrite): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const row = await this.users.findById(appId, userId, trx);
      if (!row) throw notFound('user');
      await this.sessions.revokeUserSessions(userId, now, undefined, trx);
      if (alongside) await alongside(trx, row);
    });
    await this.tokens.userChanged(userId);
  }

  /** Revokes one session (logout, or the user ending it from the session list). */
  revokeSession(sessionId: number): Promise<void> {
    return this.tokens.revokeSession(sessionId);
  }
}
