/**
 * Tenant apps: their name and settings (push_config, sms_config). What the settings may
 * hold, and how their secrets are masked and stored, is the app-settings service's.
 */
import type { Kysely } from 'kysely';
import type { AppRow, Database } from '../../db/tables.js';
import type { Actor, AuditLog } from '../../platform/audit-log.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ErrorCode, invalidField, notFound } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { AppDirectory } from '../../platform/tenancy.js';
import type { AppRepository } from '../apps/app.repository.js';
import type { AppSettingsService, SettingsInput } from '../apps/app-settings.service.js';

/** The default app's id is "", which no URL path segment can carry. */
export const DEFAULT_APP_ALIAS = '_default';

export class AppsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly apps: AppRepository,
    private readonly settings: AppSettingsService,
    private readonly directory: AppDirectory,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  list(page: PageRequest): Promise<{ total: number; rows: AppRow[] }> {
    return this.apps.list(page);
  }

  async get(appId: string): Promise<AppRow> {
    const row = await this.apps.find(appId);
    if (!row) throw notFound('app');
    return row;
  }

  async create(input: { app_id: string; name: string } & SettingsInput, actor: Actor): Promise<AppRow> {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.app_id) || input.app_id === DEFAULT_APP_ALIAS) {
      throw invalidField('app_id', 'letters, digits and . _ - only, 1 to 64 characters');
    }
    const prepared = await this.settings.prepare(
      input.app_id,
      { push_config: input.push_config ?? {}, sms_config: input.sms_config ?? {} },
      undefined,
    );
    if (await this.apps.exists(input.app_id)) throw new AppError(ErrorCode.AlreadyRegistered, 'app id taken');
    const row = await this.db.transaction().execute(async (trx) => {
      const created = await this.apps.insert(trx, {
        app_id: input.app_id,
        name: input.name.trim(),
        push_config: prepared.push_config ?? '{}',
        sms_config: prepared.sms_config ?? '{}',
        now: this.clock.now(),
      });
      await this.audit.record(trx, {
        appId: input.app_id,
        managerId: actor.managerId,
        action: 'app.create',
        targetType: 'app',
        targetId: input.app_id,
        detail: { name: created.name, ...this.settings.viewOf(input.app_id, prepared) },
        ip: actor.ip,
      });
      return created;
    });
    this.directory.forget(input.app_id);
    return row;
  }

  async update(appId: string, input: { name?: string | undefined } & SettingsInput, actor: Actor): Promise<AppRow> {
    const current = await this.get(appId);
    const prepared = await this.settings.prepare(appId, input, current);
    const row = await this.db.transaction().execute(async (trx) => {
      await this.apps.update(
        trx,
        appId,
        { ...(input.name !== undefined ? { name: input.name.trim() } : {}), ...prepared },
        this.clock.now(),
      );
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'app.update',
        targetType: 'app',
        targetId: appId === '' ? DEFAULT_APP_ALIAS : appId,
        detail: { name: input.name, ...this.settings.viewOf(appId, prepared) },
        ip: actor.ip,
      });
      const updated = await this.apps.find(appId, trx);
      if (!updated) throw notFound('app');
      return updated;
    });
    this.directory.forget(appId);
    return row;
  }
}
