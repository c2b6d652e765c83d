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
import type { PlannedBatch, PushMessageRepository } from '../modules/push/push-message.repository.js';
import { parseExtras, parseUserIds, PushScope, PushStatus, scopeClientTypes, type ClientType } from '../modules/push/push.model.js';
import type { AppSettingsService } from '../modules/apps/app-settings.service.js';
import { webhookUrlFor } from '../modules/push/push-settings.js';
import type { Clock } from '../platform/clock.js';
import type { PushProviders } from '../providers/push/index.js';
import type { InboxChanges } from '../modules/message/unread-counts.js';
import { PushConfigurationError, RetryablePushError, type PushContext, type PushResult } from '../providers/push/push-provider.js';

/** How long a worker owns a message without renewing; each batch renews it. */
export const LEASE_MS = 5 * 60_000;
/** How long a message waits after an unexpected delivery error before any worker retries it. */
export const ERROR_HOLD_MS = 30_000;
/** Longest wait a provider's Retry-After may impose between two tries of a batch. */
export const MAX_RETRY_WAIT_MS = 60_000;
const DEFAULT_MAX_BATCH = 1000;
/** Bindings read at a time while planning: memory per planning, whatever the audience. */
const AUDIENCE_PAGE = 2000;

export interface DeliveryOptions {
  /** Tries per batch before it counts as failed. */
  maxAttempts?: number;
  /** First retry delay; doubles each try. */
  retryBaseMs?: number;
  onDelivered?(provider: string, outcome: 'sent' | 'failed' | 'invalid', count: number): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PushDelivery {
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly configErrorsReported = new Set<string>();

  constructor(
    private readonly config: Config,
    private readonly db: Kysely<Database>,
    private readonly messages: PushMessageRepository,
    private readonly bindings: PushBindingRepository,
    private readonly providers: PushProviders,
    private readonly settings: AppSettingsService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly inbox: InboxChanges,
    private readonly options: DeliveryOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
  }

  /** Claims and delivers every due message; answers how many were delivered by this call. */
  async deliverDue(worker: string, limit = 20): Promise<number> {
    let done = 0;
    for (const id of await this.messages.dueIds(this.clock.now(), limit)) {
      try {
        if (await this.deliver(id, worker)) done += 1;
      } catch (err) {
        // Held back already (deliver); the messages after it still go out.
        this.logger.error({ err, push_id: id }, 'push delivery failed; retried later');
      }
    }
    return done;
  }

  /**
   * Delivers one message if it is pending, due and not leased by another worker; true
   * when this call finished it. An unexpected error (the database away) holds the message
   * back for ERROR_HOLD_MS, then any worker resumes it, and rethrows.
   */
  async deliver(pushId: number, worker: string): Promise<boolean> {
    if (!(await this.messages.claim(pushId, worker, this.clock.now(), LEASE_MS))) return false;
    try {
      const finished = await this.deliverClaimed(pushId, worker);
      await this.messages.release(pushId, worker);
      return finished;
    } catch (err) {
      await this.messages.holdAfterError(pushId, worker, this.clock.now() + ERROR_HOLD_MS).catch(() => undefined);
      throw err;
    }
  }

  private async deliverClaimed(pushId: number, worker: string): Promise<boolean> {
    let msg = await this.messages.find(pushId);
    if (!msg || msg.push_status !== PushStatus.Pending) return false;
    if (msg.send_at !== null && msg.send_at > this.clock.now()) return false;
    if (msg.planned_at === null) {
      await this.plan(msg);
      msg = (await this.messages.find(pushId)) ?? msg;
    }
    const settings = await this.settings.push(msg.app_id);
    const context = { settings, webhookUrl: webhookUrlFor(msg.app_id, settings, this.config) };
    for (;;) {
      // Each batch renews the lease, so a long delivery keeps it; a worker that lost it
      // (it stalled past the lease and another took over) stops before sending again.
      if (!(await this.messages.renew(pushId, worker, this.clock.now(), LEASE_MS))) {
        this.logger.warn({ push_id: pushId, worker }, 'push delivery lease lost; another worker continues');
        return false;
      }
      const batch = await this.messages.nextPendingBatch(pushId);
      if (!batch) break;
      await this.sendBatch(msg, batch, context);
    }
    const final = await this.messages.find(pushId);
    if (!final) return false;
    // Failed only when devices were tried and none accepted it; nobody targeted (or every
    // device switched off) still counts as sent: there was nothing to fail.
    const status = final.targeted > 0 && final.sent === 0 && final.failed > 0 ? PushStatus.Failed : PushStatus.Sent;
    await this.messages.finish(pushId, status, this.clock.now());
    // Sent, it shows in its users' inboxes (and in their unread counts).
    await this.inbox.appChanged(final.app_id);
    return true;
  }

  /**
   * Plans the delivery in one transaction: the audience is read page by page, each full
   * batch recorded as soon as it fills, so memory stays flat whatever the audience size;
   * who the message is addressed to is fixed now (scope 3 the listed users of this app,
   * scopes 1 and 2 the users owning such a device; scope 0 addresses everyone).
   */
  private async plan(msg: PushMessageRow): Promise<void> {
    const listed = msg.push_scope === PushScope.ListedUsers ? parseUserIds(msg.user_ids) : null;
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const open = new Map<string, PlannedBatch>();
      let targeted = 0;
      let skipped = 0;
      let afterId = 0;
      for (;;) {
        const page = await this.bindings.audiencePage(trx, msg.app_id, scopeClientTypes(msg.push_scope), listed, afterId, AUDIENCE_PAGE);
        if (page.length === 0) break;
        afterId = page[page.length - 1]!.id;
        targeted += page.length;
        if (!listed && msg.push_scope !== PushScope.AllUsers) {
          await this.messages.addTargets(trx, msg.id, [...new Set(page.map((d) => d.user_id))]);
        }
        for (const d of page) {
          if (d.switch !== 1) {
            skipped += 1;
            continue;
          }
          const key = `${d.provider}\u0000${d.client_type}`;
          let batch = open.get(key);
          if (!batch) open.set(key, (batch = { provider: d.provider, clientType: d.client_type, clientIds: [] }));
          batch.clientIds.push(d.client_id);
          if (batch.clientIds.length >= this.maxBatchOf(d.provider)) {
            await this.messages.addBatch(trx, msg, batch, now);
            open.delete(key);
          }
        }
        if (page.length < AUDIENCE_PAGE) break;
      }
      for (const batch of open.values()) await this.messages.addBatch(trx, msg, batch, now);
      if (listed && listed.length > 0) {
        for (let i = 0; i < listed.length; i += 500) {
          const rows = await trx
            .selectFrom('users')
            .select('id')
            .where('app_id', '=', msg.app_id)
            .where('id', 'in', listed.slice(i, i + 500))
            .execute();
          await this.messages.addTargets(
            trx,
            msg.id,
            rows.map((r) => r.id),
          );
        }
      }
      await this.messages.finishPlan(trx, msg.id, { targeted, skipped }, now);
    });
  }

  private maxBatchOf(provider: string): number {
    return this.providers.get(provider as never)?.maxBatch ?? DEFAULT_MAX_BATCH;
  }

  private async sendBatch(msg: PushMessageRow, batch: PushBatchRow, context: PushContext): Promise<void> {
    const clientIds = JSON.parse(batch.client_ids) as string[];
    const extras = parseExtras(msg.extras);
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
              extras,
            },
            context,
          );
          break;
        } catch (err) {
          if (err instanceof PushConfigurationError) {
            this.reportConfigurationError(msg.id, batch.provider, err);
            break;
          }
          const retryable = err instanceof RetryablePushError;
          this.logger.warn(
            { push_id: msg.id, batch_id: batch.id, provider: batch.provider, attempt: attempts, err: (err as Error).message },
            'push batch not delivered',
          );
          if (!retryable || attempts >= this.maxAttempts) break;
          await sleep(Math.min(err.retryAfterMs ?? this.retryBaseMs * 2 ** (attempts - 1), MAX_RETRY_WAIT_MS));
        }
      }
    }
    // Only ids of this batch count (a provider cannot remove or fail devices it was not
    // given), each once, so that sent + failed is always the batch size.
    const inBatch = new Set(clientIds);
    const invalid = new Set(result.invalid.filter((id) => inBatch.has(id)));
    const refused = new Set(result.failed.filter((id) => inBatch.has(id) && !invalid.has(id)));
    if (invalid.size > 0) await this.bindings.removeClientIds(msg.app_id, [...invalid]);
    const failed = invalid.size + refused.size;
    const sent = clientIds.length - failed;
    await this.messages.finishBatch(batch, sent, failed, attempts, this.clock.now());
    this.report(batch.provider, 'sent', sent);
    this.report(batch.provider, 'failed', refused.size);
    this.report(batch.provider, 'invalid', invalid.size);
  }

  /**
   * A configuration the provider refused fails every batch of the message the same way:
   * say it once per message and provider, at error level, for the operator to fix.
   */
  private reportConfigurationError(pushId: number, provider: string, err: Error): void {
    const key = `${pushId}:${provider}`;
    if (this.configErrorsReported.has(key)) return;
    if (this.configErrorsReported.size > 10_000) this.configErrorsReported.clear();
    this.configErrorsReported.add(key);
    this.logger.error(
      { push_id: pushId, provider, err: err.message },
      'push provider refused the app configuration: fix its push settings',
    );
  }

  /** Tells the onDelivered hook; a failing hook (metrics) never stops a delivery. */
  private report(provider: string, outcome: 'sent' | 'failed' | 'invalid', count: number): void {
    if (count <= 0 || !this.options.onDelivered) return;
    try {
      this.options.onDelivered(provider, outcome, count);
    } catch (err) {
      this.logger.warn({ err, provider, outcome }, 'push onDelivered hook failed');
    }
  }
}
