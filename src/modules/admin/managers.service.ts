/** Operator accounts, managed by super managers. */
import type { Kysely, Updateable } from 'kysely';
import type { Database, ManagerRow, ManagersTable } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ErrorCode, invalidField, notFound } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { PasswordPolicy } from '../../platform/password-policy.js';
import type { PasswordHasher } from '../../platform/password-hasher.js';
import { isUniqueViolation } from '../../db/errors.js';
import { lockForTransaction } from '../../db/locks.js';
import type { Actor, AuditLog } from '../../platform/audit-log.js';
import type { AppRepository } from '../apps/app.repository.js';
import type { ManagerRepository } from './manager.repository.js';
import { TOTP_OFF } from './totp.repository.js';

const SUPERS_LOCK = 'appdesk:managers:supers';

export type Role = 'super' | 'operator';

export interface ManagerInput {
  username?: string | undefined;
  password?: string | undefined;
  role?: Role | undefined;
  app_ids?: string[] | undefined;
  /** Only false: a super turns another manager's second factor off (turning it on takes the manager's own code). */
  totp_enabled?: boolean | undefined;
}

export class ManagersService {
  constructor(
    private readonly passwords: PasswordPolicy,
    private readonly db: Kysely<Database>,
    private readonly managers: ManagerRepository,
    private readonly apps: AppRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  list(page: PageRequest) {
    return this.managers.list(page);
  }

  async get(id: number): Promise<ManagerRow> {
    const m = await this.managers.findById(id);
    if (!m) throw notFound('manager');
    return m;
  }

  private async checkApps(appIds: string[]): Promise<string[]> {
    const unique = [...new Set(appIds)];
    if (unique.length === 0) return unique;
    const found = await this.apps.existing(unique);
    if (found.length !== unique.length) throw invalidField('app_ids', 'every app id must name an existing app');
    return unique;
  }

  async create(input: ManagerInput & { username: string; password: string }, actor: Actor): Promise<ManagerRow> {
    const username = input.username.trim();
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(username)) throw invalidField('username', 'letters, digits and . _ @ - only');
    this.passwords.check(input.password);
    const appIds = await this.checkApps(input.app_ids ?? []);
    if (await this.managers.findByUsername(username)) throw new AppError(ErrorCode.AlreadyRegistered, 'manager username taken');
    const passwordHash = await this.hasher.hash(input.password);
    const now = this.clock.now();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await this.managers.insert(trx, {
          username,
          password_hash: passwordHash,
          role: input.role ?? 'operator',
          app_ids: JSON.stringify(appIds),
          is_active: 1,
          created_at: now,
          updated_at: now,
        });
        await this.audit.record(trx, {
          appId: '',
          managerId: actor.managerId,
          action: 'manager.create',
          targetType: 'manager',
          targetId: row.id,
          detail: { username, role: row.role, app_ids: appIds },
          ip: actor.ip,
        });
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError(ErrorCode.AlreadyRegistered, 'manager username taken');
      throw err;
    }
  }

  /** Changing the password or the role ends the manager's sessions. */
  async update(id: number, input: ManagerInput, actor: Actor): Promise<ManagerRow> {
    const current = await this.get(id);
    const set: Updateable<ManagersTable> = {};
    if (input.totp_enabled === true) throw invalidField('totp_enabled', 'only the manager can turn it on (POST /admin/api/me/totp)');
    if (input.totp_enabled === false) {
      // Without a code, a stolen session could drop its own second factor.
      if (id === actor.managerId) throw invalidField('totp_enabled', 'turn your own off with DELETE /admin/api/me/totp and a code');
      Object.assign(set, TOTP_OFF);
    }
    if (input.password !== undefined) {
      this.passwords.check(input.password);
      set.password_hash = await this.hasher.hash(input.password);
    }
    if (input.app_ids !== undefined) set.app_ids = JSON.stringify(await this.checkApps(input.app_ids));
    if (input.role !== undefined) set.role = input.role;
    const now = this.clock.now();
    set.updated_at = now;
    return this.db.transaction().execute(async (trx) => {
      // Under the lock, so two supers demoting each other at once cannot both pass the check.
      await lockForTransaction(trx, SUPERS_LOCK);
      if (current.role === 'super' && input.role === 'operator' && (await this.managers.countActiveSupers(trx)) <= 1) {
        throw invalidField('role', 'the last super manager cannot be demoted');
      }
      const row = await this.managers.update(trx, id, set);
      if (!row) throw notFound('manager');
      if (input.password !== undefined || (input.role !== undefined && input.role !== current.role)) {
        await this.managers.revokeAllTokens(trx, id, now);
      }
      await this.audit.record(trx, {
        appId: '',
        managerId: actor.managerId,
        action: 'manager.update',
        targetType: 'manager',
        targetId: id,
        detail: {
          role: input.role,
          app_ids: input.app_ids,
          password_changed: input.password !== undefined,
          ...(input.totp_enabled === false ? { totp_turned_off: current.totp_enabled === 1 } : {}),
        },
        ip: actor.ip,
      });
      return row;
    });
  }

  async delete(id: number, actor: Actor): Promise<void> {
    if (id === actor.managerId) throw invalidField('id', 'a manager cannot delete itself');
    const current = await this.get(id);
    await this.db.transaction().execute(async (trx) => {
      await lockForTransaction(trx, SUPERS_LOCK);
      if (current.role === 'super' && (await this.managers.countActiveSupers(trx)) <= 1) {
        throw invalidField('id', 'the last super manager cannot be deleted');
      }
      await this.managers.delete(trx, id);
      await this.audit.record(trx, {
        appId: '',
        managerId: actor.managerId,
        action: 'manager.delete',
        targetType: 'manager',
        targetId: id,
        detail: { username: current.username },
        ip: actor.ip,
      });
    });
  }

  /** CLI: set a password by username (and end its sessions). */
  async resetPassword(username: string, password: string): Promise<ManagerRow> {
    this.passwords.check(password);
    const m = await this.managers.findByUsername(username);
    if (!m) throw notFound('manager');
    const now = this.clock.now();
    const hash = await this.hasher.hash(password);
    return this.db.transaction().execute(async (trx) => {
      const row = await this.managers.update(trx, m.id, { password_hash: hash, updated_at: now });
      await this.managers.revokeAllTokens(trx, m.id, now);
      return row ?? m;
    });
  }
}
