/**
 * Tenant apps and their push settings. Provider credentials are secrets: answers and audit
 * entries carry a mask instead, and an update that sends the mask back keeps the stored value.
 */
import type { Kysely } from 'kysely';
import type { AppRow, Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ErrorCode, invalidField, notFound } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { AppDirectory } from '../../platform/tenancy.js';
import { isHttpUrl } from '../../platform/urls.js';
import { isPushProvider, parsePushSettings, type PushSettings } from '../push/push-settings.js';
import type { Actor } from '../../platform/audit-log.js';
import type { AuditLog } from '../../platform/audit-log.js';

export const SECRET_MASK = '********';
const SECRET_KEY = /secret|key|password|token|credential/i;
const CREDENTIAL_SECTIONS = ['getui', 'jpush', 'fcm', 'apns'] as const;
/** The default app's id is "", which no URL path segment can carry. */
export const DEFAULT_APP_ALIAS = '_default';

export function maskSettings(settings: PushSettings): PushSettings {
  const out: PushSettings = { ...settings };
  for (const section of CREDENTIAL_SECTIONS) {
    const creds = settings[section];
    if (creds)
      out[section] = Object.fromEntries(Object.entries(creds).map(([k, v]) => [k, SECRET_KEY.test(k) && v !== '' ? SECRET_MASK : v]));
  }
  return out;
}

function validateSettings(input: Record<string, unknown>, stored: PushSettings): PushSettings {
  const out: PushSettings = {};
  for (const key of ['android_provider', 'ios_provider'] as const) {
    const v = input[key];
    if (v === undefined || v === '') continue;
    if (!isPushProvider(v)) throw invalidField(`push_config.${key}`, 'must be log, webhook, getui, jpush, fcm or apns');
    out[key] = v;
  }
  if (input.webhook_url !== undefined && input.webhook_url !== '') {
    if (typeof input.webhook_url !== 'string' || !isHttpUrl(input.webhook_url))
      throw invalidField('push_config.webhook_url', 'must be an http(s) URL');
    out.webhook_url = input.webhook_url;
  }
  for (const section of CREDENTIAL_SECTIONS) {
    const v = input[section];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidField(`push_config.${section}`, 'must be an object');
    const previous = stored[section] ?? {};
    out[section] = Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, value]) => [k, value === SECRET_MASK ? previous[k] : value]),
    );
  }
  return out;
}

export class AppsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly directory: AppDirectory,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(page: PageRequest): Promise<{ total: number; rows: AppRow[] }> {
    const [count, rows] = await Promise.all([
      this.db
        .selectFrom('apps')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      this.db.selectFrom('apps').selectAll().orderBy('id').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  async get(appId: string): Promise<AppRow> {
    const row = await this.db.selectFrom('apps').selectAll().where('app_id', '=', appId).executeTakeFirst();
    if (!row) throw notFound('app');
    return row;
  }

  async create(input: { app_id: string; name: string; push_config?: Record<string, unknown> | undefined }, actor: Actor): Promise<AppRow> {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.app_id) || input.app_id === DEFAULT_APP_ALIAS) {
      throw invalidField('app_id', 'letters, digits and . _ - only, 1 to 64 characters');
    }
    const settings = validateSettings(input.push_config ?? {}, {});
    const now = this.clock.now();
    if (await this.db.selectFrom('apps').select('id').where('app_id', '=', input.app_id).executeTakeFirst()) {
      throw new AppError(ErrorCode.AlreadyRegistered, 'app id taken');
    }
    const row = await this.db.transaction().execute(async (trx) => {
      const created = await trx
        .insertInto('apps')
        .values({ app_id: input.app_id, name: input.name.trim(), push_config: JSON.stringify(settings), created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, {
        appId: input.app_id,
        managerId: actor.managerId,
        action: 'app.create',
        targetType: 'app',
        targetId: input.app_id,
        detail: { name: created.name, push_config: maskSettings(settings) },
        ip: actor.ip,
      });
      return created;
    });
    this.directory.forget(input.app_id);
    return row;
  }

  async update(
    appId: string,
    input: { name?: string | undefined; push_config?: Record<string, unknown> | undefined },
    actor: Actor,
  ): Promise<AppRow> {
    const current = await this.get(appId);
    const settings = input.push_config ? validateSettings(input.push_config, parsePushSettings(current.push_config)) : undefined;
    const now = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('apps')
        .set({
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(settings ? { push_config: JSON.stringify(settings) } : {}),
          updated_at: now,
        })
        .where('app_id', '=', appId)
        .execute();
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'app.update',
        targetType: 'app',
        targetId: appId === '' ? DEFAULT_APP_ALIAS : appId,
        detail: { name: input.name, push_config: settings ? maskSettings(settings) : undefined },
        ip: actor.ip,
      });
      return trx.selectFrom('apps').selectAll().where('app_id', '=', appId).executeTakeFirstOrThrow();
    });
    this.directory.forget(appId);
    return row;
  }
}
