/**
 * Verification codes: sending (rate-limited per account, per day and per IP; a refused or
 * failed send consumes nothing), checking (attempts counted, constant-time compare) and
 * consuming. Whether the account is registered never changes what send() does.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/tables.js';
import type { EmailSender } from '../../providers/email/email-sender.js';
import type { SmsSender } from '../../providers/sms/sms-sender.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ErrorCode, type Locale } from '../../platform/errors.js';
import type { RateLimitStore, WindowLimit } from '../../platform/rate-limit/rate-limit-store.js';
import { addressUnit, rateKey } from '../../platform/rate-limit/rate-key.js';
import { constantTimeEqual, randomDigits, sha256Hex } from '../../platform/secrets.js';
import type { Account } from './account.js';
import type { CodeRepository, StoredCode } from './code.repository.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface CodeEvents {
  onCodeSent?(channel: 'sms' | 'email', outcome: string): void;
}

function codeText(locale: Locale, code: string, minutes: number): { subject: string; text: string } {
  if (locale === 'zh-CN') {
    return { subject: '验证码', text: `您的验证码是 ${code}, ${minutes} 分钟内有效。请勿告诉他人。` };
  }
  return {
    subject: 'Your verification code',
    text: `Your verification code is ${code}. It expires in ${minutes} minutes. Do not share it.`,
  };
}

export class CodeService {
  constructor(
    private readonly config: Config,
    private readonly codes: CodeRepository,
    private readonly limits: RateLimitStore,
    private readonly sms: SmsSender,
    private readonly email: EmailSender,
    private readonly clock: Clock,
    private readonly events: CodeEvents = {},
  ) {}

  private hash(appId: string, account: Account, code: string): string {
    return sha256Hex(`${appId}\u0000${account.key}\u0000${code}`);
  }

  async send(appId: string, account: Account, ip: string, locale: Locale): Promise<void> {
    const c = this.config;
    const limits: WindowLimit[] = [
      { bucket: rateKey('code-day', appId, account.key), limit: c.codeDailyLimit, windowMs: DAY },
      { bucket: rateKey('code-ip', addressUnit(ip)), limit: c.codeIpHourlyLimit, windowMs: HOUR },
    ];
    if (c.codeSendIntervalSeconds > 0) {
      limits.push({ bucket: rateKey('code-interval', appId, account.key), limit: 1, windowMs: c.codeSendIntervalSeconds * 1000 });
    }
    const now = this.clock.now();
    const reservation = await this.limits.reserve(limits, now);
    const channel = account.kind === 'phone' ? 'sms' : 'email';
    if (!reservation) {
      this.events.onCodeSent?.(channel, 'rate_limited');
      throw new AppError(ErrorCode.TooManyCodes, `code send limit reached for ${channel}`);
    }
    const code = randomDigits(6);
    const { subject, text } = codeText(locale, code, Math.max(1, Math.round(c.codeTtlSeconds / 60)));
    try {
      if (account.kind === 'phone') {
        await this.sms.send({ appId, area: account.area, phone: account.phone, code, text });
      } else {
        await this.email.send({ to: account.email, subject, text });
      }
    } catch (err) {
      await this.limits.release(reservation);
      this.events.onCodeSent?.(channel, err instanceof AppError ? String(err.code) : 'error');
      throw err;
    }
    await this.codes.replace(appId, account.key, this.hash(appId, account, code), now + c.codeTtlSeconds * 1000, now);
    this.events.onCodeSent?.(channel, 'sent');
  }

  /**
   * Throws 10008 unless `code` is the account's live code. The attempt is counted in the
   * database before the comparison, so no interleaving of guesses gets past the limit.
   */
  async verify(appId: string, account: Account, code: string): Promise<StoredCode & { hash: string }> {
    const stored = await this.codes.takeAttempt(appId, account.key, this.config.codeMaxAttempts, this.clock.now());
    if (!stored) throw new AppError(ErrorCode.InvalidCode, 'no live code');
    const hash = this.hash(appId, account, code);
    if (!constantTimeEqual(hash, stored.code_hash)) throw new AppError(ErrorCode.InvalidCode, 'wrong code');
    await this.codes.returnAttempt(stored.id, stored.code_hash);
    return { ...stored, hash };
  }

  /** Consumes a verified code inside the caller's transaction; 10008 if it was taken meanwhile. */
  async consume(db: Kysely<Database>, verified: StoredCode & { hash: string }): Promise<void> {
    if (!(await this.codes.consume(db, verified.id, verified.hash))) {
      throw new AppError(ErrorCode.InvalidCode, 'code consumed concurrently');
    }
  }
}
