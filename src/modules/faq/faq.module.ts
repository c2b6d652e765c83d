/** The FAQ help center: published articles for clients, cached and kept coherent across instances. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import type { InvalidationBus } from '../../platform/invalidation-bus.js';
import { bindRoutes } from '../../platform/module.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { AuditLog } from '../../platform/audit-log.js';
import { FaqRepository } from './faq.repository.js';
import { faqRoutes } from './faq.routes.js';
import { FaqService } from './faq.service.js';

export interface FaqModuleDeps {
  db: Kysely<Database>;
  audit: AuditLog;
  clock: Clock;
  time: TimeFormatter;
  bus: InvalidationBus;
}

export function createFaqModule(deps: FaqModuleDeps) {
  const faq = new FaqService(deps.db, new FaqRepository(deps.db), deps.audit, deps.clock, deps.time, deps.bus);
  return { faq, routes: bindRoutes(faqRoutes, { faq, time: deps.time }) };
}
