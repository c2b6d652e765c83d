/**
 * The account lifecycle beyond register and login (SPEC section 7): reset a forgotten
 * password, log in by code, change the password, change the phone or e-mail, and delete
 * the account. A verification code proves control of an account whatever it was sent for;
 * a code is consumed in the same transaction as the change it authorises. Every write goes
 * through the AccountWriter, so revocations reach every instance's session cache.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Database, UserRow } from '../../db/tables.js';
import { AppError, ErrorCode, invalidField } from '../../platform/errors.js';
import type { LoginLockout } from '../../platform/login-lockout.js';
import type { PasswordHasher } from '../../platform/password-hasher.js';
import type { PasswordPolicy } from '../../platform/password-policy.js';
import { accountKeysOf, loginKeyOf, NO_PASSWORD, type Account } from './account.js';
import type { AccountWriter } from './account-writer.js';
import type { ClientInfo } from './client-info.js';
import type { CodeService } from './code.service.js';
import type { TokenAnswer, TokenService } from './token.service.js';
import type { UserRepository } from './user.repository.js';

export class AccountLifecycleService {
  constructor(
    private readonly config: Config,
    private readonly db: Kysely<Database>,
    private readonly users: UserRepository,
    private readonly accounts: AccountWriter,
    private readonly codes: CodeService,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    private readonly passwords: PasswordPolicy,
    private readonly lockout: LoginLockout,
  ) {}

  /** Forgotten password: 10006 unknown account, 10008 bad code, 10005 bad password; every session ends. */
  async resetPassword(appId: string, account: Account, code: string, password: string): Promise<void> {
    const user = await this.users.findByUsername(appId, account.area, account.username);
    if (!user) throw new AppError(ErrorCode.NotRegistered, 'unknown account');
    const verified = await this.codes.verify(appId, account, code);
    this.passwords.check(password);
    const hash = await this.hasher.hash(password);
    await this.accounts.setPassword(appId, user.id, hash, undefined, (trx) => this.codes.consume(trx, verified));
  }

  /** Log in by code; unknown accounts register (without a password) when CODE_LOGIN_REGISTERS is on. */
  async codeLogin(appId: string, account: Account, code: string, client: ClientInfo): Promise<TokenAnswer> {
    const user = await this.users.findByUsername(appId, account.area, account.username);
    if (!user && !this.config.codeLoginRegisters) throw new AppError(ErrorCode.NotRegistered, 'unknown account');
    const verified = await this.codes.verify(appId, account, code);
    if (user && user.is_active !== 1) throw new AppError(ErrorCode.Forbidden, 'user disabled');
    try {
      return await this.db.transaction().execute(async (trx) => {
        await this.codes.consume(trx, verified);
        const id = user ? user.id : (await this.accounts.create(trx, appId, account, NO_PASSWORD)).id;
        return this.tokens.openSession(trx, appId, id, client);
      });
    } catch (err) {
      // Registered by a concurrent request with its own code: this code is still unused.
      if (isUniqueViolation(err)) throw new AppError(ErrorCode.AlreadyRegistered, 'account registered concurrently');
      throw err;
    }
  }

  /**
   * Changes the password: the old one is required unless the user has none (10005 when
   * left out), and a wrong one is 10007 counted toward the login lockout. Every other
   * session of the user ends; the calling one keeps working.
   */
  async changePassword(user: UserRow, sessionId: number, oldPassword: string | undefined, password: string): Promise<void> {
    if (user.password_hash !== NO_PASSWORD) {
      if (oldPassword === undefined) throw invalidField('old_password', 'required');
      await this.provePassword(user, oldPassword);
    }
    this.passwords.check(password);
    const hash = await this.hasher.hash(password);
    await this.accounts.setPassword(user.app_id, user.id, hash, sessionId);
  }

  /**
   * Binds or changes the user's phone or e-mail after a code sent to the new account; the
   * username follows it. 10009 when another user of the app has it.
   */
  async changeAccount(user: UserRow, account: Account, code: string): Promise<UserRow> {
    if (await this.belongsToAnother(user, account)) throw new AppError(ErrorCode.AlreadyRegistered, 'account belongs to another user');
    const verified = await this.codes.verify(user.app_id, account, code);
    const changes =
      account.kind === 'phone'
        ? { area: account.area, phone: account.phone, username: account.username }
        : // An e-mail user's area and phone are "" (SPEC section 3): the phone goes with the switch.
          { email: account.email, username: account.username, area: '', phone: '' };
    try {
      return await this.accounts.update(user.app_id, user.id, changes, (trx) => this.codes.consume(trx, verified));
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(ErrorCode.AlreadyRegistered, 'account taken concurrently');
      throw err;
    }
  }

  /**
   * Deletes the account after proof: the password (10007, counted toward the lockout) or a
   * code sent to the user's account (10008); a user without a password must use a code.
   */
  async deleteAccount(user: UserRow, proof: { password?: string | undefined; code?: string | undefined }): Promise<void> {
    const keys = accountKeysOf(user);
    if (proof.code !== undefined) {
      const account = this.accountOf(user);
      const verified = await this.codes.verify(user.app_id, account, proof.code);
      await this.accounts.erase(user, keys, (trx) => this.codes.consume(trx, verified));
      return;
    }
    if (proof.password === undefined) throw invalidField('password', 'a password or a code is required');
    if (user.password_hash === NO_PASSWORD) throw invalidField('code', 'this account has no password: confirm with a code');
    await this.provePassword(user, proof.password);
    await this.accounts.erase(user, keys);
  }

  /** 10007 unless `password` is the user's, counted toward the login lockout like a sign-in. */
  private provePassword(user: UserRow, password: string): Promise<void> {
    return this.lockout.guard(['user', user.app_id, loginKeyOf(user)], async () => {
      if (!(await this.hasher.verify(user.password_hash, password))) throw new AppError(ErrorCode.WrongPassword, 'wrong password');
    });
  }

  private async belongsToAnother(user: UserRow, account: Account): Promise<boolean> {
    const owner = await this.users.findByAccount(user.app_id, account);
    return owner !== undefined && owner.id !== user.id;
  }

  /** The account codes for this user are sent to: the one it signs in with. */
  private accountOf(user: UserRow): Account {
    const key = loginKeyOf(user);
    return user.username.includes('@')
      ? { kind: 'email', area: '', phone: '', email: user.username, username: user.username, key }
      : { kind: 'phone', area: user.area, phone: user.username, email: '', username: user.username, key };
  }
}
