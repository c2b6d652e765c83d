/** User feedback, its categories and operator replies (the client side; admin routes in admin/). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { bindRoutes } from '../../platform/module.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { AuditLog } from '../../platform/audit-log.js';
import { FeedbackCategoryRepository } from './feedback-category.repository.js';
import { FeedbackCategoryService } from './feedback-category.service.js';
import { FeedbackReplyRepository } from './feedback-reply.repository.js';
import { FeedbackRepository } from './feedback.repository.js';
import { feedbackRoutes } from './feedback.routes.js';
import { FeedbackService } from './feedback.service.js';
import type { InboxChanges } from '../message/unread-counts.js';

export interface FeedbackModuleDeps {
  db: Kysely<Database>;
  audit: AuditLog;
  clock: Clock;
  time: TimeFormatter;
  inbox: InboxChanges;
}

export function createFeedbackModule(deps: FeedbackModuleDeps) {
  const { db, audit, clock, time } = deps;
  const feedbackCategories = new FeedbackCategoryService(db, new FeedbackCategoryRepository(db), audit, clock);
  const feedback = new FeedbackService(
    db,
    new FeedbackRepository(db),
    new FeedbackReplyRepository(db),
    feedbackCategories,
    audit,
    clock,
    deps.inbox,
  );
  return { feedback, feedbackCategories, routes: bindRoutes(feedbackRoutes, { feedback, feedbackCategories, time }) };
}
