/**
 * Operators' second factor (SPEC section 7). A manager asks for a secret (pending), proves
 * its authenticator has it with a code (enabled), and from then on signs in with a code
 * too. Every accepted code moves the manager's last used step forward, so a code is good
 * once. The secret is sealed with APPDESK_ENCRYPTION_KEY when set, bound to the manager's
 * id so a sealed value copied onto another manager does not open.
 * Wrong codes count toward a lockout: at sign-in the login's, on enable/disable their own.
 */
import type { Kysely } from 'kysely';
import type { Database, ManagerRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ErrorCode, invalidField, notFound } from '../../platform/errors.js';
import type { LoginLockout } from '../../platform/login-lockout.js';
import { isSealed, type SecretBox } from '../../platform/secret-box.js';
import type { ManagerRepository } from './manager.repository.js';
import { matchingStep, newTotpSecret, otpauthUrl } from './totp-codes.js';
import type { TotpRepository } from './totp.repository.js';

export interface TotpSetup {
  secret: string;
  otpauth_url: string;
}

const wrongCode = () => new AppError(ErrorCode.TwoFactorInvalid, 'two-factor code wrong or already used');
const sealContext = (managerId: number) => `manager:${managerId}:totp_secret`;

export class ManagerTotpService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly managers: ManagerRepository,
    private readonly totp: TotpRepository,
    private readonly box: SecretBox | undefined,
    private readonly lockout: LoginLockout,
    private readonly clock: Clock,
  ) {}

  private seal(managerId: number, base32: string): string {
    return this.box ? this.box.seal(base32, sealContext(managerId)) : base32;
  }

  private open(managerId: number, stored: string): string {
    if (!isSealed(stored)) return stored;
    if (!this.box) throw new AppError(ErrorCode.Internal, 'a sealed TOTP secret needs APPDESK_ENCRYPTION_KEY');
    return this.box.open(stored, sealContext(managerId));
  }

  private async manager(id: number): Promise<ManagerRow> {
    const m = await this.managers.findById(id);
    if (!m) throw notFound('manager');
    return m;
  }

  /** The step of a right code for the manager's stored secret, else 10016. */
  private step(m: ManagerRow, code: string): number {
    if (!m.totp_secret) throw wrongCode();
    const step = matchingStep(this.open(m.id, m.totp_secret), code, this.clock.now());
    if (step === undefined) throw wrongCode();
    return step;
  }

  /** A new pending secret (replacing an earlier pending one); 10005 while the factor is on. */
  async begin(managerId: number): Promise<TotpSetup> {
    const m = await this.manager(managerId);
    const secret = newTotpSecret();
    if (!(await this.totp.setPending(m.id, this.seal(m.id, secret), this.clock.now()))) {
      throw invalidField('totp', 'already enabled: turn it off first');
    }
    return { secret, otpauth_url: otpauthUrl(secret, m.username) };
  }

  async enable(managerId: number, code: string): Promise<void> {
    const m = await this.manager(managerId);
    if (m.totp_enabled === 1) throw invalidField('totp', 'already enabled');
    const pending = m.totp_secret;
    if (!pending) throw invalidField('totp', 'no pending secret: POST /admin/api/me/totp first');
    await this.lockout.guard(['manager-totp', String(m.id)], async () => {
      // A new pending secret issued meanwhile makes this code one for the old secret.
      if (!(await this.totp.enable(m.id, pending, this.step(m, code), this.clock.now()))) throw wrongCode();
    });
  }

  /** Turns the factor off with a current code; without one enabled, drops a pending secret. */
  async disable(managerId: number, code: string): Promise<void> {
    const m = await this.manager(managerId);
    if (m.totp_enabled !== 1) {
      if (m.totp_secret) await this.totp.turnOff(this.db, m.id, this.clock.now());
      return;
    }
    await this.lockout.guard(['manager-totp', String(m.id)], async () => {
      if (!(await this.totp.disableWithStep(m.id, this.step(m, code), this.clock.now()))) throw wrongCode();
    });
  }

  /** Sign-in's second step, inside the login's lockout: 10016 for a wrong or replayed code. */
  async verifyLogin(m: ManagerRow, code: string): Promise<void> {
    if (!(await this.totp.consumeStep(m.id, this.step(m, code)))) throw wrongCode();
  }

  /** For a locked-out manager (the CLI): the factor off, the pending secret dropped. */
  async turnOffByUsername(username: string): Promise<ManagerRow> {
    const m = await this.managers.findByUsername(username);
    if (!m) throw notFound('manager');
    await this.totp.turnOff(this.db, m.id, this.clock.now());
    return m;
  }
}
