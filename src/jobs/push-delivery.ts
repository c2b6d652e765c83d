/**
 * Delivers one push message to its audience, resumably:
 * 1. plan (once, in one transaction): resolve the audience (bound devices of the app, right
 *    client types, listed users for scope 3), count switched-off devices as skipped, record
 *    who the message is addressed to, and split the rest into batches per provider;
 * 2. send each pending batch and record it done with its figures (a batch recorded done is
 *    never sent again, so a restart resumes where delivery stopped);
 * 3. finish: sent when any device accepted it or nobody was targeted, failed otherwise.
 * Workers take a lease on the message first, so two never deliver the same one at once.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database, PushBatchRow, PushMessageRow } from '../db/tables.js';
import type { PushBindingRepository } from '../modules/push/push-binding.repository.js';
import { PushStatus, type PushMessageRepository } from '../modules/push/push-message.repository.js';
import { CLIENT_TYPES, parsePushSettings, webhookUrlFor, type ClientType } from '../modules/push/push-settings.js';
import type { Clock } from '../platform/clock.js';
import type { PushProviders } from '../providers/push/index.js';
import { RetryablePushError, type PushContext, type PushResult } from '../providers/push/push-provider.js';

export const LEASE_MS = 5 * 60_000;
const DEFAULT_MAX_BATCH = 1000;

export interface DeliveryOptions {
  /** Tries per batch before it counts as failed. */
  maxAttempts?: number;
  /** First retry delay; doubles each try. */
  retryBaseMs?: number;
  onDelivered?(provider: string, outcome: 'sent' | 'failed' | 'invalid', count: number): void;
}

function scopeClientTypes(scope: number): ClientType[] {
  if (scope === 1) return ['android'];
  if (scope === 2) return ['ios'];
  return [...CLIENT_TYPES];
}

export function parseUserIds(json: string): number[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is number => Number.isSafeInteger(x) && (x as number) > 0) : [];
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PushDelivery {
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;

  constructor(
    private readonly config: Config,
    private readonly db: Kysely<Database>,
    private readonly messages: PushMessageRepository,
    private readonly bindings: PushBindingRepository,
    private readonly providers: PushProviders,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DeliveryOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
  }

  /** Claims and delivers every due message; answers how many were delivered by this call. */
  async deliverDue(worker: string, limit = 20): Promise<number> {
    let done = 0;
    for (const id of await this.messages.dueIds(this.clock.now(), limit)) {
      if (await this.deliver(id, worker)) done += 1;
    }
    return done;
  }

  /** Delivers one message if it is pending, due and not leased by another worker. */
  async deliver(pushId: number, worker: string): Promise<boolean> {
    if (!(await this.messages.claim(pushId, worker, this.clock.now(), LEASE_MS))) return false;
    try {
      let msg = await this.messages.find(pushId);
      if (!msg || msg.push_status !== PushStatus.Pending) return false;
      if (msg.send_at !== null && msg.send_at > this.clock.now()) return false;
      if (msg.planned_at === null) {
        await this.plan(msg);
        msg = (await this.messages.find(pushId)) ?? msg;
      }
      const app = await this.db.selectFrom('apps').select('push_config').where('app_id', '=', msg.app_id).executeTakeFirst();
      const settings = parsePushSettings(app?.push_config ?? '{}');
      const context = { settings, webhookUrl: webhookUrlFor(msg.app_id, settings, this.config) };
      for (const batch of await this.messages.pendingBatches(pushId)) {
        await this.sendBatch(msg, batch, context);
      }
      const final = await this.messages.find(pushId);
      if (final) {
        const status = final.targeted > 0 && final.sent === 0 && final.failed > 0 ? PushStatus.Failed : PushStatus.Sent;
        await this.messages.finish(pushId, status, this.clock.now());
      }
      return true;
    } finally {
      await this.messages.release(pushId, worker);
    }
  }

  private async plan(msg: PushMessageRow): Promise<void> {
    const listed = msg.push_scope === 3 ? parseUserIds(msg.user_ids) : null;
    await this.db.transaction().execute(async (trx) => {
      const devices = await this.bindings.audience(trx, msg.app_id, scopeClientTypes(msg.push_scope), listed);
      const on = devices.filter((d) => d.switch === 1);
      const groups = new Map<string, { provider: string; clientType: string; clientIds: string[] }>();
      for (const d of on) {
        const key = `${d.provider}\u0000${d.client_type}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { provider: d.provider, clientType: d.client_type, clientIds: [] }));
        g.clientIds.push(d.client_id);
      }
      const batches: { provider: string; clientType: string; clientIds: string[] }[] = [];
      for (const g of groups.values()) {
        const size = this.providers.get(g.provider as never)?.maxBatch ?? DEFAULT_MAX_BATCH;
        for (let i = 0; i < g.clientIds.length; i += size) batches.push({ ...g, clientIds: g.clientIds.slice(i, i + size) });
      }
      // Who the message is addressed to, fixed now: scope 3 the listed users of this app,
      // scopes 1 and 2 the users owning such a device. Scope 0 addresses everyone.
      let userIds: number[] = [];
      if (listed) {
        const rows = listed.length
          ? await trx.selectFrom('users').select('id').where('app_id', '=', msg.app_id).where('id', 'in', listed).execute()
          : [];
        userIds = rows.map((r) => r.id);
      } else if (msg.push_scope !== 0) {
        userIds = [...new Set(devices.map((d) => d.user_id))];
      }
      await this.messages.savePlan(
        trx,
        msg,
        { targeted: devices.length, skipped: devices.length - on.length, userIds, batches },
        this.clock.now(),
      );
    });
  }

  private async sendBatch(msg: PushMessageRow, batch: PushBatchRow, context: PushContext): Promise<void> {
    const clientIds = JSON.parse(batch.client_ids) as string[];
    const provider = this.providers.get(batch.provider as never);
    let result: PushResult;
    let attempts = batch.attempts;
    if (!provider) {
      this.logger.error({ push_id: msg.id, provider: batch.provider }, 'push provider not available in this build: batch failed');
      result = { invalid: [], failed: clientIds };
    } else {
      result = { invalid: [], failed: clientIds };
      for (;;) {
        attempts += 1;
        try {
          result = await provider.send(
            {
              appId: msg.app_id,
              pushId: msg.id,
              clientType: batch.client_type as ClientType,
              clientIds,
              title: msg.push_title,
              body: msg.push_body,
            },
            context,
          );
          break;
        } catch (err) {
          const retryable = err instanceof RetryablePushError;
          this.logger.warn(
            { push_id: msg.id, batch_id: batch.id, provider: batch.provider, attempt: attempts, err: (err as Error).message },
            'push batch not delivered',
          );
          if (!retryable || attempts >= this.maxAttempts) break;
          await sleep(err.retryAfterMs ?? this.retryBaseMs * 2 ** (attempts - 1));
        }
      }
    }
    if (result.invalid.length > 0) await this.bindings.removeClientIds(msg.app_id, result.invalid);
    const failed = new Set([...result.invalid, ...result.failed]).size;
    const sent = clientIds.length - failed;
    await this.messages.finishBatch(batch, sent, failed, attempts, this.clock.now());
    if (sent > 0) this.options.onDelivered?.(batch.provider, 'sent', sent);
    if (result.failed.length > 0) this.options.onDelivered?.(batch.provider, 'failed', result.failed.length);
    if (result.invalid.length > 0) this.options.onDelivered?.(batch.provider, 'invalid', result.invalid.length);
  }
}
