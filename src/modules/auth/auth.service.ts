/** Registration and password login. */
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors.js';
import type { Database } from '../../db/tables.js';
import { AppError, ErrorCode } from '../../platform/errors.js';
import type { PasswordHasher } from '../../platform/password-hasher.js';
import type { LoginLockout } from '../../platform/login-lockout.js';
import type { PasswordPolicy } from '../../platform/password-policy.js';
import { NO_PASSWORD, type Account } from './account.js';
import type { AccountWriter } from './account-writer.js';
import type { ClientInfo } from './client-info.js';
import type { CodeService } from './code.service.js';
import type { TokenAnswer, TokenService } from './token.service.js';
import type { UserRepository } from './user.repository.js';

export class AuthService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: UserRepository,
    private readonly accounts: AccountWriter,
    private readonly codes: CodeService,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    private readonly passwords: PasswordPolicy,
    private readonly lockout: LoginLockout,
  ) {}

  async register(appId: string, account: Account, code: string, password: string, client: ClientInfo): Promise<TokenAnswer> {
    // The contract checks registration first: a registered account is 10009 whatever the rest.
    if (await this.users.findByUsername(appId, account.area, account.username)) {
      throw new AppError(ErrorCode.AlreadyRegistered, 'account exists');
    }
    this.passwords.check(password);
    const verified = await this.codes.verify(appId, account, code);
    const passwordHash = await this.hasher.hash(password);
    try {
      return await this.db.transaction().execute(async (trx) => {
        await this.codes.consume(trx, verified);
        const user = await this.accounts.create(trx, appId, account, passwordHash);
        return this.tokens.openSession(trx, appId, user.id, client);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(ErrorCode.AlreadyRegistered, 'account registered concurrently');
      throw err;
    }
  }

  async login(appId: string, account: Account, password: string, client: ClientInfo): Promise<TokenAnswer> {
    const user = await this.lockout.guard(['user', appId, account.key], async () => {
      const found = await this.users.findByUsername(appId, account.area, account.username);
      if (!found) {
        // Same hashing cost as a real check, so response time does not reveal registration.
        await this.hasher.verifyDummy(password);
        throw new AppError(ErrorCode.NotRegistered, 'unknown account');
      }
      if (found.password_hash === NO_PASSWORD) {
        // Registered by code, no password yet: as costly and as wrong as any other guess.
        await this.hasher.verifyDummy(password);
        throw new AppError(ErrorCode.WrongPassword, 'no password set');
      }
      if (!(await this.hasher.verify(found.password_hash, password))) throw new AppError(ErrorCode.WrongPassword, 'wrong password');
      return found;
    });
    if (user.is_active !== 1) throw new AppError(ErrorCode.Forbidden, 'user disabled');
    return this.tokens.openSession(this.db, appId, user.id, client);
  }
}
