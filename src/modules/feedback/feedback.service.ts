/**
 * User feedback and the operators' replies. A user sees only their own live feedback;
 * another user's, or a deleted one, is "not found" (10001), never "forbidden", so ids
 * reveal nothing. Deleting feedback hides its replies with it.
 */
import type { Kysely } from 'kysely';
import type { Database, FeedbackReplyRow, FeedbackRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { isRowId } from '../../platform/ids.js';
import { pageResult, type PageRequest, type PageResult } from '../../platform/pagination.js';
import type { Actor, AuditLog } from '../../platform/audit-log.js';
import { FeedbackStatus } from './feedback.model.js';
import type { FeedbackCategoryService } from './feedback-category.service.js';
import type { FeedbackReplyRepository } from './feedback-reply.repository.js';
import type { FeedbackRepository } from './feedback.repository.js';

export const FEEDBACK_CONTENT_MAX = 2000;
export const CONTACT_PHONE_MAX = 32;
export const REPLY_CONTENT_MAX = 5000;

/** 0 pending, 1 replied, 2 closed. */

export interface NewFeedback {
  feedback_content: string;
  /** 0, null or absent: no category. */
  feedback_category_id?: number | null | undefined;
  contact_phone?: string | undefined;
}

export interface InboxQuery {
  status?: FeedbackStatus | undefined;
  /** 0 selects feedback sent without a category. */
  categoryId?: number | undefined;
  q?: string | undefined;
  /** The author (ids of no row match nothing). */
  userId?: number | undefined;
}

/** Length in characters (code points), as a user counts them. */
function chars(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** Trimmed text of 1..max characters, else 10005 naming `field`. */
function requiredText(field: string, raw: string, max: number): string {
  const text = raw.trim();
  if (text === '') throw invalidField(field, 'must not be empty');
  if (chars(text) > max) throw invalidField(field, `must be at most ${max} characters`);
  return text;
}

export class FeedbackService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly feedback: FeedbackRepository,
    private readonly replies: FeedbackReplyRepository,
    private readonly categories: FeedbackCategoryService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  // The user's side

  async create(appId: string, userId: number, input: NewFeedback): Promise<FeedbackRow> {
    const content = requiredText('feedback_content', input.feedback_content, FEEDBACK_CONTENT_MAX);
    const phone = (input.contact_phone ?? '').trim();
    if (chars(phone) > CONTACT_PHONE_MAX) throw invalidField('contact_phone', `must be at most ${CONTACT_PHONE_MAX} characters`);
    const categoryId = input.feedback_category_id ?? 0;
    if (categoryId !== 0 && !(await this.categories.exists(appId, categoryId))) {
      throw invalidField('feedback_category_id', 'no such category in this app');
    }
    const now = this.clock.now();
    return this.feedback.insert({
      app_id: appId,
      user_id: userId,
      feedback_content: content,
      feedback_status: FeedbackStatus.Pending,
      feedback_category_id: categoryId,
      contact_phone: phone,
      deleted_at: null,
      created_at: now,
      updated_at: now,
    });
  }

  /** The user's own live feedback, newest first. */
  async listOwn(appId: string, userId: number, page: PageRequest): Promise<PageResult<FeedbackRow>> {
    const { total, rows } = await this.feedback.list({ appId, userId }, page);
    return pageResult(page, total, rows);
  }

  async deleteOwn(appId: string, userId: number, id: number): Promise<void> {
    if (!isRowId(id) || !(await this.feedback.softDelete(appId, userId, id, this.clock.now()))) throw notFound('feedback');
  }

  /**
   * The latest reply to the user's own feedback, with is_read as it was before this call.
   * Reading the latest reply marks the whole thread read up to it: a reader who sees the
   * latest answer has seen the conversation, so no older reply stays counted as unread.
   */
  async readLatestReply(appId: string, userId: number, feedbackId: number): Promise<{ reply: FeedbackReplyRow; wasRead: boolean }> {
    const fb = isRowId(feedbackId) ? await this.feedback.find(this.db, appId, feedbackId, userId) : undefined;
    if (!fb) throw notFound('feedback');
    const reply = await this.replies.latest(fb.id);
    if (!reply) throw notFound('reply');
    const wasRead = reply.is_read === 1;
    // Older replies may still be unread even when the latest is read (operators reply in any order).
    await this.replies.markReadUpTo(fb.id, reply.id, this.clock.now());
    return { reply, wasRead };
  }

  // The operators' side

  /** The app's live feedback, newest first. */
  async inbox(appId: string, query: InboxQuery, page: PageRequest): Promise<PageResult<FeedbackRow>> {
    // An id no row can have matches nothing; asking the database would be an error on PostgreSQL.
    if (query.categoryId !== undefined && query.categoryId !== 0 && !isRowId(query.categoryId)) return pageResult(page, 0, []);
    if (query.userId !== undefined && !isRowId(query.userId)) return pageResult(page, 0, []);
    const q = query.q?.trim() || undefined;
    const { total, rows } = await this.feedback.list(
      { appId, status: query.status, categoryId: query.categoryId, q, userId: query.userId },
      page,
    );
    return pageResult(page, total, rows);
  }

  /** One live feedback of the app with its replies, oldest reply first. */
  async get(appId: string, id: number): Promise<{ feedback: FeedbackRow; replies: FeedbackReplyRow[] }> {
    const fb = isRowId(id) ? await this.feedback.find(this.db, appId, id) : undefined;
    if (!fb) throw notFound('feedback');
    return { feedback: fb, replies: await this.replies.listFor(fb.id) };
  }

  /** Adds an operator reply; the feedback becomes "replied" (1), whatever it was. */
  async reply(appId: string, id: number, replyContent: string, actor: Actor): Promise<FeedbackReplyRow> {
    const text = requiredText('reply_content', replyContent, REPLY_CONTENT_MAX);
    if (!isRowId(id)) throw notFound('feedback');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      // Status first: it fails (no row) when the feedback is unknown, elsewhere or deleted.
      if (!(await this.feedback.update(trx, appId, id, { feedback_status: FeedbackStatus.Replied, updated_at: now })))
        throw notFound('feedback');
      const reply = await this.replies.insert(trx, {
        app_id: appId,
        feedback_id: id,
        manager_id: actor.managerId,
        reply_content: text,
        is_read: 0,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'feedback.reply',
        targetType: 'feedback',
        targetId: id,
        detail: { reply_id: reply.id },
        ip: actor.ip,
      });
      return reply;
    });
  }

  async setStatus(appId: string, id: number, status: FeedbackStatus, actor: Actor): Promise<FeedbackRow> {
    if (!isRowId(id)) throw notFound('feedback');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const before = await this.feedback.find(trx, appId, id);
      if (!before || !(await this.feedback.update(trx, appId, id, { feedback_status: status, updated_at: now }))) {
        throw notFound('feedback');
      }
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'feedback.status',
        targetType: 'feedback',
        targetId: id,
        detail: { from: before.feedback_status, to: status },
        ip: actor.ip,
      });
      return { ...before, feedback_status: status, updated_at: now };
    });
  }
}
