/**
 * The login lockout shared by app users and managers. A sign-in reserves a failure slot
 * before the password is checked, so a burst of parallel guesses can never be checked more
 * than `maxFailures` times in a window: once the slots are taken, every further attempt is
 * 10015 until the oldest failure leaves the window. A success gives its slot back but does
 * not clear earlier failures, so a right guess inside a burst cannot reopen the door.
 */
import type { Clock } from './clock.js';
import { AppError, ErrorCode } from './errors.js';
import type { RateLimitStore } from './rate-limit/rate-limit-store.js';
import { rateKey } from './rate-limit/rate-key.js';

/**
 * Answers that count as failures: unknown accounts too, so locking reveals nothing, and
 * wrong second-factor codes (operators), so codes cannot be guessed past the password.
 */
const FAILURES: readonly ErrorCode[] = [ErrorCode.NotRegistered, ErrorCode.WrongPassword, ErrorCode.TwoFactorInvalid];

export interface LockoutOptions {
  maxFailures: number;
  windowSeconds: number;
}

/** One reserved sign-in attempt: counted as a failure unless settled as not one. */
export interface LoginAttempt {
  /** The attempt was not a wrong password (success, disabled account, internal error). */
  notAFailure(): Promise<void>;
}

export class LoginLockout {
  constructor(
    private readonly limits: RateLimitStore,
    private readonly options: LockoutOptions,
    private readonly clock: Clock,
  ) {}

  /** Reserves an attempt for `subject` (e.g. ['user', appId, account]); 10015 when locked. */
  async begin(subject: readonly string[]): Promise<LoginAttempt> {
    const bucket = rateKey('login-fail', ...subject);
    const reservation = await this.limits.reserve(
      [{ bucket, limit: this.options.maxFailures, windowMs: this.options.windowSeconds * 1000 }],
      this.clock.now(),
    );
    if (!reservation) throw new AppError(ErrorCode.LoginLocked, 'login locked after repeated failures');
    return { notAFailure: () => this.limits.release(reservation) };
  }

  /**
   * Runs `check` under a reserved attempt: the slot stays taken when `check` throws 10006,
   * 10007 or 10016 (unknown account, wrong password, wrong two-factor code) and is given
   * back otherwise.
   */
  async guard<T>(subject: readonly string[], check: () => Promise<T>): Promise<T> {
    const attempt = await this.begin(subject);
    try {
      const result = await check();
      await attempt.notAFailure();
      return result;
    } catch (err) {
      if (!(err instanceof AppError && FAILURES.includes(err.code))) await attempt.notAFailure();
      throw err;
    }
  }
}
