/** Device bindings (client side) and push messages (operator side). */
import type { Kysely } from 'kysely';
import type { Config, PushProviderName } from '../../config.js';
import type { Database, PushBindingRow, PushMessageRow } from '../../db/tables.js';
import type { PushQueue } from '../../jobs/push-queue.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ErrorCode, invalidField, notFound } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { AuditLog } from '../../platform/audit-log.js';
import type { Actor } from '../../platform/audit-log.js';
import type { PushBindingRepository } from './push-binding.repository.js';
import type { PushMessageRepository } from './push-message.repository.js';
import { MAX_EXTRAS_BYTES, PushScope, PushStatus, type ClientType } from './push.model.js';
import type { AppSettingsService } from '../apps/app-settings.service.js';
import { providerFor } from './push-settings.js';

export interface NewPush {
  push_title: string;
  push_body: string;
  push_scope: number;
  user_ids?: number[] | undefined;
  send_at?: string | undefined;
  extras?: Record<string, string> | undefined;
}

/** Client ids are compared trimmed everywhere (bind and both switch routes); blank is no id. */
function clientIdOf(raw: string): string {
  const clientId = raw.trim();
  if (clientId === '') throw invalidField('client_id', 'must not be blank');
  return clientId;
}

export class PushService {
  constructor(
    private readonly config: Config,
    private readonly db: Kysely<Database>,
    private readonly bindings: PushBindingRepository,
    private readonly messages: PushMessageRepository,
    private readonly queue: PushQueue,
    private readonly settings: AppSettingsService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly time: TimeFormatter,
  ) {}

  async bind(
    appId: string,
    userId: number,
    clientId: string,
    clientType: ClientType,
    provider?: PushProviderName,
  ): Promise<PushBindingRow> {
    const id = clientIdOf(clientId);
    let chosen = provider;
    if (!chosen) {
      chosen = providerFor(appId, await this.settings.pushChoice(appId), clientType, this.config);
    }
    return this.bindings.bind({ appId, userId, clientId: id, clientType, provider: chosen, now: this.clock.now() });
  }

  async ownBinding(appId: string, userId: number, clientId: string): Promise<PushBindingRow> {
    const b = await this.bindings.findOwn(appId, userId, clientIdOf(clientId));
    if (!b) throw notFound('push binding');
    return b;
  }

  async setSwitch(appId: string, userId: number, clientId: string, on: boolean): Promise<void> {
    const b = await this.ownBinding(appId, userId, clientId);
    await this.bindings.setSwitch(b.id, on, this.clock.now());
  }

  async create(appId: string, input: NewPush, actor: Actor): Promise<PushMessageRow> {
    const title = input.push_title.trim();
    if (title === '') throw invalidField('push_title', 'must not be empty');
    let userIds: number[] = [];
    if (input.push_scope === PushScope.ListedUsers) {
      if (!input.user_ids || input.user_ids.length === 0) throw invalidField('user_ids', 'required, non-empty, for push_scope 3');
      userIds = [...new Set(input.user_ids)];
    }
    let sendAt: number | null = null;
    if (input.send_at !== undefined && input.send_at !== '') {
      sendAt = this.time.parse(input.send_at);
      if (sendAt === null) throw invalidField('send_at', 'must be YYYY-MM-DD HH:mm:ss');
    }
    const extras = JSON.stringify(input.extras ?? {});
    if (Buffer.byteLength(extras, 'utf8') > MAX_EXTRAS_BYTES) throw invalidField('extras', `at most ${MAX_EXTRAS_BYTES} bytes as JSON`);
    const now = this.clock.now();
    const msg = await this.db.transaction().execute(async (trx) => {
      const row = await this.messages.insert(trx, {
        app_id: appId,
        push_title: title,
        push_body: input.push_body,
        push_scope: input.push_scope,
        user_ids: JSON.stringify(userIds),
        send_at: sendAt,
        manager_id: actor.managerId,
        push_status: PushStatus.Pending,
        targeted: 0,
        sent: 0,
        failed: 0,
        skipped: 0,
        extras,
        planned_at: null,
        locked_until: null,
        locked_by: null,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'push.create',
        targetType: 'push',
        targetId: row.id,
        detail: { push_title: title, push_scope: input.push_scope, send_at: input.send_at ?? '', extras: input.extras ?? {} },
        ip: actor.ip,
      });
      return row;
    });
    await this.queue.enqueue(appId, msg.id, sendAt ?? now);
    return msg;
  }

  list(appId: string, page: PageRequest) {
    return this.messages.list(appId, page);
  }

  async get(appId: string, id: number): Promise<PushMessageRow> {
    const m = await this.messages.find(id, appId);
    if (!m) throw notFound('push message');
    return m;
  }

  async cancel(appId: string, id: number, actor: Actor): Promise<PushMessageRow> {
    await this.get(appId, id);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.messages.cancel(trx, appId, id, now))) {
        throw new AppError(ErrorCode.InvalidField, 'push is no longer pending', [
          { field: 'id', reason: 'only a pending push can be canceled' },
        ]);
      }
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'push.cancel',
        targetType: 'push',
        targetId: id,
        ip: actor.ip,
      });
    });
    await this.queue.remove(id);
    return this.get(appId, id);
  }
}
