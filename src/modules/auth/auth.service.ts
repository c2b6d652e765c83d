/** Registration and password login. */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ErrorCode, invalidField } from '../../platform/errors.js';
import type { PasswordHasher } from '../../platform/password-hasher.js';
import type { RateLimitStore } from '../../platform/rate-limit/rate-limit-store.js';
import { OPENID_LENGTH, randomAlphanumeric } from '../../platform/secrets.js';
import type { Account } from './account.js';
import type { CodeService } from './code.service.js';
import type { TokenAnswer, TokenService } from './token.service.js';
import type { UserRepository } from './user.repository.js';

export interface ClientInfo {
  userAgent: string;
  ip: string;
}

export const MAX_PASSWORD_LENGTH = 128;

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e.message ?? '');
}

export class AuthService {
  constructor(
    private readonly config: Config,
    private readonly db: Kysely<Database>,
    private readonly users: UserRepository,
    private readonly codes: CodeService,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    private readonly limits: RateLimitStore,
    private readonly clock: Clock,
  ) {}

  checkPasswordRules(password: string): void {
    if (password.length < this.config.passwordMinLength || password.length > MAX_PASSWORD_LENGTH) {
      throw invalidField('password', `must be ${this.config.passwordMinLength} to ${MAX_PASSWORD_LENGTH} characters`);
    }
  }

  async register(appId: string, account: Account, code: string, password: string, client: ClientInfo): Promise<TokenAnswer> {
    // The contract checks "already registered" first, before the password and the code.
    if (await this.users.findByUsername(appId, account.area, account.username)) {
      throw new AppError(ErrorCode.AlreadyRegistered, 'account exists');
    }
    this.checkPasswordRules(password);
    const verified = await this.codes.verify(appId, account, code);
    const passwordHash = await this.hasher.hash(password);
    const now = this.clock.now();
    try {
      return await this.db.transaction().execute(async (trx) => {
        await this.codes.consume(trx, verified);
        const user = await this.users.insert(trx, {
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
        return this.tokens.openSession(trx, appId, user.id, client);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(ErrorCode.AlreadyRegistered, 'account registered concurrently');
      throw err;
    }
  }

  async login(appId: string, account: Account, password: string, client: ClientInfo): Promise<TokenAnswer> {
    const bucket = `login:fail:${appId}:${account.key}`;
    const windowMs = this.config.loginFailureWindowSeconds * 1000;
    const now = this.clock.now();
    if ((await this.limits.count(bucket, windowMs, now)) >= this.config.loginMaxFailures) {
      throw new AppError(ErrorCode.LoginLocked, 'login locked after repeated failures');
    }
    const user = await this.users.findByUsername(appId, account.area, account.username);
    if (!user) {
      // Same hashing cost as a real check, so response time does not reveal registration.
      await this.hasher.verifyDummy(password);
      await this.limits.add(bucket, windowMs, now);
      throw new AppError(ErrorCode.NotRegistered, 'unknown account');
    }
    if (!(await this.hasher.verify(user.password_hash, password))) {
      await this.limits.add(bucket, windowMs, now);
      throw new AppError(ErrorCode.WrongPassword, 'wrong password');
    }
    if (user.is_active !== 1) throw new AppError(ErrorCode.Forbidden, 'user disabled');
    await this.limits.clear(bucket);
    return this.db.transaction().execute((trx) => this.tokens.openSession(trx, appId, user.id, client));
  }
}
