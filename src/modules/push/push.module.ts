/**
 * Push: device bindings, push messages, their queue and their delivery. The delivery job
 * (jobs/) and the queue are built here because the service enqueues and the worker drains
 * the same messages.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Database } from '../../db/tables.js';
import { createPushQueue } from '../../jobs/create-push-queue.js';
import { PushDelivery, type DeliveryOptions } from '../../jobs/push-delivery.js';
import type { PushProviders } from '../../providers/push/index.js';
import type { Clock } from '../../platform/clock.js';
import { bindRoutes } from '../../platform/module.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { AuditLog } from '../../platform/audit-log.js';
import type { AppSettingsService } from '../apps/app-settings.service.js';
import { PushBindingRepository } from './push-binding.repository.js';
import { PushMessageRepository } from './push-message.repository.js';
import { pushRoutes } from './push.routes.js';
import { PushService } from './push.service.js';
import type { InboxChanges } from '../message/unread-counts.js';

export interface PushModuleDeps {
  config: Config;
  db: Kysely<Database>;
  audit: AuditLog;
  clock: Clock;
  time: TimeFormatter;
  logger: Logger;
  providers: PushProviders;
  appSettings: AppSettingsService;
  delivery: DeliveryOptions;
  /** Told when a push finishes: the app's inboxes changed. */
  inbox: InboxChanges;
}

export async function createPushModule(deps: PushModuleDeps) {
  const { config, db, clock, logger } = deps;
  const messages = new PushMessageRepository(db);
  const bindings = new PushBindingRepository(db);
  const pushQueue = await createPushQueue(config, messages, clock, logger);
  const pushDelivery = new PushDelivery(
    config,
    db,
    messages,
    bindings,
    deps.providers,
    deps.appSettings,
    clock,
    logger,
    deps.inbox,
    deps.delivery,
  );
  const push = new PushService(config, db, bindings, messages, pushQueue, deps.appSettings, deps.audit, clock, deps.time);
  return { push, pushQueue, pushDelivery, routes: bindRoutes(pushRoutes, { push, time: deps.time }) };
}
