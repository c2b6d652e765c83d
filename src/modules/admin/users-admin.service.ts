/** Operators enabling and disabling app users. */
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { TokenService } from '../auth/token.service.js';
import type { UserRepository } from '../auth/user.repository.js';
import type { Actor, AuditLog } from '../../platform/audit-log.js';

export class UsersAdminService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: UserRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** A disabled user's tokens stop working at once: cached sessions go after the commit. */
  async setActive(appId: string, id: number, active: boolean, actor: Actor): Promise<UserRow> {
    if (!(await this.users.findById(appId, id))) throw notFound('user');
    const updated = await this.db.transaction().execute(async (trx) => {
      const row = await this.users.update(appId, id, { is_active: active ? 1 : 0, updated_at: this.clock.now() }, trx);
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: active ? 'user.enable' : 'user.disable',
        targetType: 'user',
        targetId: id,
        ip: actor.ip,
      });
      return row;
    });
    if (!updated) throw notFound('user');
    await this.tokens.userChanged(id);
    return updated;
  }
}
