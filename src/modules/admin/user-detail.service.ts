/**
 * What the console's user page shows beyond the user row: bound push devices and live login
 * sessions, and ending all of those sessions. Only users of the app the operator acts in;
 * any other id (another app's user, a deleted account) is 10001.
 */
import type { PushBindingRow, SessionRow } from '../../db/tables.js';
import type { Actor, AuditLog } from '../../platform/audit-log.js';
import { notFound } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { AccountWriter } from '../auth/account-writer.js';
import type { SessionsService } from '../auth/sessions.service.js';
import type { UserRepository } from '../auth/user.repository.js';
import type { PushBindingRepository } from '../push/push-binding.repository.js';

export class UserDetailService {
  constructor(
    private readonly users: UserRepository,
    private readonly bindings: PushBindingRepository,
    private readonly sessions: SessionsService,
    private readonly accounts: AccountWriter,
    private readonly audit: AuditLog,
  ) {}

  private async existing(appId: string, userId: number): Promise<void> {
    if (!(await this.users.findById(appId, userId))) throw notFound('user');
  }

  async devices(appId: string, userId: number): Promise<PushBindingRow[]> {
    await this.existing(appId, userId);
    return this.bindings.listForUser(appId, userId);
  }

  /** Live sessions newest first, as the user sees them (last use noted but not yet written included). */
  async liveSessions(appId: string, userId: number, page: PageRequest): Promise<{ total: number; rows: SessionRow[] }> {
    await this.existing(appId, userId);
    return this.sessions.list(userId, page);
  }

  /** Through the account writer, so every instance drops the cached sessions at once. */
  revokeSessions(appId: string, userId: number, actor: Actor): Promise<void> {
    return this.accounts.revokeAllSessions(appId, userId, (trx) =>
      this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'user.sessions_revoke',
        targetType: 'user',
        targetId: userId,
        ip: actor.ip,
      }),
    );
  }
}
