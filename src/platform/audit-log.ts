/**
 * The audit trail of operator writes. record() takes the transaction of the change it
 * describes, so a change and its entry land together or not at all.
 */
import type { Kysely } from 'kysely';
import type { Selectable } from 'kysely';
import type { AuditLogsTable, Database } from '../db/tables.js';
import type { PageRequest } from './pagination.js';
import type { Clock } from './clock.js';

/** Who made an operator write, and from where. */
export interface Actor {
  managerId: number;
  ip: string;
}

export interface AuditEntry {
  appId: string;
  managerId: number;
  /** e.g. "faq.create", "user.disable". */
  action: string;
  targetType: string;
  targetId: string | number;
  /** What changed; never passwords or tokens. */
  detail?: Record<string, unknown>;
  ip: string;
}

/**
 * What an operator may read of the trail: the objects it manages in its apps. Managers and
 * apps (credentials included) are super-only objects, and so are their entries.
 */
export const OPERATOR_TARGET_TYPES: readonly string[] = ['faq', 'feedback', 'feedback_category', 'push', 'user'];

const SECRET_KEYS = /password|token|secret|key/i;

function scrub(detail: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : v]));
}

export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async record(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
    await db
      .insertInto('audit_logs')
      .values({
        app_id: entry.appId,
        manager_id: entry.managerId,
        action: entry.action,
        target_type: entry.targetType,
        target_id: String(entry.targetId),
        detail: JSON.stringify(scrub(entry.detail ?? {})),
        ip: entry.ip.slice(0, 64),
        created_at: this.clock.now(),
      })
      .execute();
  }

  /** Entries newest first; `appId` undefined means every app. */
  async list(
    filter: {
      appId?: string | undefined;
      action?: string | undefined;
      managerId?: number | undefined;
      /** Only these target types; undefined means every type. */
      targetTypes?: readonly string[] | undefined;
    },
    page: PageRequest,
  ): Promise<{ total: number; rows: Selectable<AuditLogsTable>[] }> {
    let q = this.db.selectFrom('audit_logs');
    if (filter.appId !== undefined) q = q.where('app_id', '=', filter.appId);
    if (filter.action) q = q.where('action', '=', filter.action);
    if (filter.managerId) q = q.where('manager_id', '=', filter.managerId);
    if (filter.targetTypes) q = q.where('target_type', 'in', filter.targetTypes);
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q.selectAll().orderBy('id', 'desc').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  /** The database handle record() should default to outside a transaction. */
  get database(): Kysely<Database> {
    return this.db;
  }
}
