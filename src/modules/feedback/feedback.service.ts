/**
 * User feedback and the operators' answers. A user sees only their own feedback; another
 * user's is "not found" (10001), never "forbidden", so ids reveal nothing.
 */
import type { Kysely } from 'kysely';
import type { Database, FeedbackCategoryRow, FeedbackReplyRow, FeedbackRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { invalidField, notFound } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { AuditLog } from '../admin/audit-log.js';
import type { Actor } from '../faq/faq.service.js';
import type { FeedbackFilter, FeedbackRepository } from './feedback.repository.js';

export const FEEDBACK_STATUSES = [0, 1, 2] as const;

export interface NewFeedback {
  feedback_content: string;
  feedback_category_id?: number | undefined;
  contact_phone?: string | undefined;
}

export class FeedbackService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly feedback: FeedbackRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  listCategories(appId: string, page: PageRequest) {
    return this.feedback.listCategories(appId, page);
  }

  async create(appId: string, userId: number, input: NewFeedback): Promise<FeedbackRow> {
    const content = input.feedback_content.trim();
    if (content === '') throw invalidField('feedback_content', 'must not be empty');
    const categoryId = input.feedback_category_id ?? 0;
    if (categoryId !== 0 && !(await this.feedback.findCategory(appId, categoryId))) {
      throw invalidField('feedback_category_id', 'no such category in this app');
    }
    const now = this.clock.now();
    return this.feedback.insert(this.db, {
      app_id: appId,
      user_id: userId,
      feedback_content: content,
      feedback_status: 0,
      feedback_category_id: categoryId,
      contact_phone: (input.contact_phone ?? '').trim(),
      deleted_at: null,
      created_at: now,
      updated_at: now,
    });
  }

  list(filter: FeedbackFilter, page: PageRequest) {
    return this.feedback.list(filter, page);
  }

  async deleteOwn(appId: string, userId: number, id: number): Promise<void> {
    if (!(await this.feedback.softDelete(appId, userId, id, this.clock.now()))) throw notFound('feedback');
  }

  /**
   * The latest reply to the user's own feedback, with is_read as it was before this call.
   * Reading the latest reply marks the whole thread read: it is what the user has now seen.
   */
  async readLatestReply(appId: string, userId: number, feedbackId: number): Promise<{ reply: FeedbackReplyRow; wasRead: boolean }> {
    const fb = await this.feedback.find(appId, feedbackId, userId);
    if (!fb) throw notFound('feedback');
    const reply = await this.feedback.latestReply(fb.id);
    if (!reply) throw notFound('reply');
    if (reply.is_read === 0) await this.feedback.markRepliesRead(fb.id, this.clock.now());
    return { reply, wasRead: reply.is_read === 1 };
  }

  // Operator side

  async get(appId: string, id: number): Promise<{ feedback: FeedbackRow; replies: FeedbackReplyRow[] }> {
    const fb = await this.feedback.find(appId, id);
    if (!fb) throw notFound('feedback');
    return { feedback: fb, replies: await this.feedback.replies(fb.id) };
  }

  async reply(appId: string, id: number, content: string, actor: Actor): Promise<FeedbackReplyRow> {
    const text = content.trim();
    if (text === '') throw invalidField('reply_content', 'must not be empty');
    const fb = await this.feedback.find(appId, id);
    if (!fb) throw notFound('feedback');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const reply = await this.feedback.insertReply(trx, {
        app_id: appId,
        feedback_id: fb.id,
        manager_id: actor.managerId,
        reply_content: text,
        is_read: 0,
        created_at: now,
        updated_at: now,
      });
      await this.feedback.update(trx, fb.id, { feedback_status: 1, updated_at: now });
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'feedback.reply',
        targetType: 'feedback',
        targetId: fb.id,
        detail: { reply_id: reply.id },
        ip: actor.ip,
      });
      return reply;
    });
  }

  async setStatus(appId: string, id: number, status: number, actor: Actor): Promise<FeedbackRow> {
    const fb = await this.feedback.find(appId, id);
    if (!fb) throw notFound('feedback');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await this.feedback.update(trx, fb.id, { feedback_status: status, updated_at: now });
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'feedback.status',
        targetType: 'feedback',
        targetId: fb.id,
        detail: { from: fb.feedback_status, to: status },
        ip: actor.ip,
      });
    });
    return { ...fb, feedback_status: status, updated_at: now };
  }

  async createCategory(
    appId: string,
    input: { name: string; description?: string | undefined },
    actor: Actor,
  ): Promise<FeedbackCategoryRow> {
    const name = input.name.trim();
    if (name === '') throw invalidField('name', 'must not be empty');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await this.feedback.insertCategory(trx, {
        app_id: appId,
        name,
        description: input.description ?? '',
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'feedback_category.create',
        targetType: 'feedback_category',
        targetId: row.id,
        detail: { name },
        ip: actor.ip,
      });
      return row;
    });
  }

  async updateCategory(
    appId: string,
    id: number,
    input: { name?: string | undefined; description?: string | undefined },
    actor: Actor,
  ): Promise<FeedbackCategoryRow> {
    if (input.name !== undefined && input.name.trim() === '') throw invalidField('name', 'must not be empty');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await this.feedback.updateCategory(trx, appId, id, {
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        updated_at: now,
      });
      if (!row) throw notFound('feedback category');
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'feedback_category.update',
        targetType: 'feedback_category',
        targetId: id,
        detail: { ...input },
        ip: actor.ip,
      });
      return row;
    });
  }

  async deleteCategory(appId: string, id: number, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.feedback.deleteCategory(trx, appId, id))) throw notFound('feedback category');
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'feedback_category.delete',
        targetType: 'feedback_category',
        targetId: id,
        ip: actor.ip,
      });
    });
  }
}
