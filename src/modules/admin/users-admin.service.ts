/** Operators finding app users and enabling or disabling them. */
import type { UserRow } from '../../db/tables.js';
import { notFound } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { AccountWriter } from '../auth/account-writer.js';
import type { UserRepository } from '../auth/user.repository.js';
import type { Actor, AuditLog } from '../../platform/audit-log.js';

export class UsersAdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly accounts: AccountWriter,
    private readonly audit: AuditLog,
  ) {}

  /** Newest first; `q` matches phone, e-mail, username or nickname. */
  search(appId: string, q: string | undefined, page: PageRequest): Promise<{ total: number; rows: UserRow[] }> {
    return this.users.search(appId, q, page);
  }

  async get(appId: string, id: number): Promise<UserRow> {
    const user = await this.users.findById(appId, id);
    if (!user) throw notFound('user');
    return user;
  }

  /** A disabled user's tokens stop working at once (the writer drops cached sessions). */
  setActive(appId: string, id: number, active: boolean, actor: Actor): Promise<UserRow> {
    return this.accounts.update(appId, id, { is_active: active ? 1 : 0 }, (trx) =>
      this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: active ? 'user.enable' : 'user.disable',
        targetType: 'user',
        targetId: id,
        ip: actor.ip,
      }),
    );
  }
}
