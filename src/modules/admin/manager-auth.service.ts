/**
 * Operator sign-in. Manager tokens live in their own table, so a user token is unknown here
 * (10004) and a manager token is unknown on the client API. Failed sign-ins are locked out
 * like user logins.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import { decodeStringArray } from '../../db/json-column.js';
import type { Database, ManagerRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ErrorCode, notFound } from '../../platform/errors.js';
import type { PasswordHasher } from '../../platform/password-hasher.js';
import type { LoginLockout } from '../../platform/login-lockout.js';
import type { ManagerIdentity, ManagerRole } from '../../platform/request-context.js';
import { randomAlphanumeric, sha256Hex, TOKEN_LENGTH } from '../../platform/secrets.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { ManagerRepository } from './manager.repository.js';
import type { ManagerTotpService } from './totp.service.js';

export interface ManagerLogin {
  access_token: string;
  expires_at: string;
  expires_in: number;
  manager: { id: number; username: string; role: string };
}

export class ManagerAuthService {
  constructor(
    private readonly config: Config,
    private readonly db: Kysely<Database>,
    private readonly managers: ManagerRepository,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LoginLockout,
    private readonly totp: ManagerTotpService,
    private readonly clock: Clock,
    private readonly time: TimeFormatter,
  ) {}

  /** Creates the first super manager from APPDESK_ADMIN_* when there is no manager yet. */
  async bootstrap(): Promise<ManagerRow | undefined> {
    const { adminUsername, adminPassword } = this.config;
    if (!adminUsername || !adminPassword) return undefined;
    if ((await this.managers.count()) > 0) return undefined;
    const now = this.clock.now();
    const passwordHash = await this.hasher.hash(adminPassword);
    try {
      return await this.managers.insert(this.db, {
        username: adminUsername,
        password_hash: passwordHash,
        role: 'super',
        app_ids: '[]',
        is_active: 1,
        created_at: now,
        updated_at: now,
      });
    } catch {
      // Another instance bootstrapped at the same moment: the unique username kept one.
      return undefined;
    }
  }

  /**
   * Password, then the second factor when the manager has one. A wrong code counts toward
   * the lockout like a wrong password; a missing one does not (it is the client's cue to
   * ask for the code), but is answered only after the password proved right.
   */
  async login(username: string, password: string, totpCode?: string): Promise<ManagerLogin> {
    const { manager, codeMissing } = await this.lockout.guard(['manager', username.toLowerCase()], async () => {
      const found = await this.managers.findByUsername(username);
      if (!found) {
        await this.hasher.verifyDummy(password);
        throw new AppError(ErrorCode.NotRegistered, 'unknown manager');
      }
      if (!(await this.hasher.verify(found.password_hash, password))) throw new AppError(ErrorCode.WrongPassword, 'wrong manager password');
      if (found.totp_enabled !== 1) return { manager: found, codeMissing: false };
      if (!totpCode) return { manager: found, codeMissing: true };
      await this.totp.verifyLogin(found, totpCode);
      return { manager: found, codeMissing: false };
    });
    if (codeMissing) throw new AppError(ErrorCode.TwoFactorInvalid, 'two-factor code required');
    if (manager.is_active !== 1) throw new AppError(ErrorCode.Forbidden, 'manager disabled');
    const now = this.clock.now();
    const token = randomAlphanumeric(TOKEN_LENGTH);
    const expiresAt = now + this.config.managerTokenTtlSeconds * 1000;
    await this.managers.insertToken(manager.id, sha256Hex(token), expiresAt, now);
    return {
      access_token: token,
      expires_at: this.time.format(expiresAt),
      expires_in: this.config.managerTokenTtlSeconds,
      manager: { id: manager.id, username: manager.username, role: manager.role },
    };
  }

  async authenticate(token: string): Promise<ManagerIdentity> {
    const row = await this.managers.findToken(sha256Hex(token), this.clock.now());
    if (!row) throw new AppError(ErrorCode.InvalidToken, 'manager token unknown, expired or revoked');
    if (row.is_active !== 1) throw new AppError(ErrorCode.Forbidden, 'manager disabled');
    return {
      id: row.id,
      username: row.username,
      role: row.role as ManagerRole,
      appIds: decodeStringArray(row.app_ids),
      tokenId: row.token_id,
    };
  }

  /** The signed-in manager's own row (10001 when it was deleted meanwhile). */
  async me(identity: ManagerIdentity): Promise<ManagerRow> {
    const row = await this.managers.findById(identity.id);
    if (!row) throw notFound('manager');
    return row;
  }

  async logout(identity: ManagerIdentity): Promise<void> {
    await this.managers.revokeToken(identity.tokenId, this.clock.now());
  }
}
