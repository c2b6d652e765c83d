/** Feedback shapes of the seed: category, feedback, reply. */
import { Type, type Static } from 'typebox';
import type { FeedbackCategoryRow, FeedbackReplyRow, FeedbackRow } from '../../db/tables.js';
import { Timestamp } from '../../platform/schemas.js';
import { DELETED_AUTHOR_ID } from './feedback.model.js';
import type { TimeFormatter } from '../../platform/time-format.js';

export const CategorySchema = Type.Object({
  id: Type.Integer(),
  app_id: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  name: Type.String(),
  description: Type.String(),
});

export const FeedbackSchema = Type.Object({
  id: Type.Integer(),
  app_id: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  feedback_content: Type.String(),
  feedback_status: Type.Integer({ description: '0 pending, 1 replied, 2 closed' }),
  feedback_category_id: Type.Integer(),
  contact_phone: Type.String(),
  user_id: Type.Union([Type.Integer(), Type.Null()], { description: 'null once the user deleted their account' }),
});

export const ReplySchema = Type.Object({
  id: Type.Integer(),
  app_id: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  reply_content: Type.String(),
  manager_id: Type.Integer(),
  feedback_id: Type.Integer(),
  is_read: Type.Boolean(),
});

export const FeedbackWithRepliesSchema = Type.Object({ ...FeedbackSchema.properties, replies: Type.Array(ReplySchema) });

export function toCategoryView(c: FeedbackCategoryRow, time: TimeFormatter): Static<typeof CategorySchema> {
  return {
    id: c.id,
    app_id: c.app_id,
    created_at: time.format(c.created_at),
    updated_at: time.format(c.updated_at),
    name: c.name,
    description: c.description,
  };
}

export function toFeedbackView(f: FeedbackRow, time: TimeFormatter): Static<typeof FeedbackSchema> {
  return {
    id: f.id,
    app_id: f.app_id,
    created_at: time.format(f.created_at),
    updated_at: time.format(f.updated_at),
    feedback_content: f.feedback_content,
    feedback_status: f.feedback_status,
    feedback_category_id: f.feedback_category_id,
    contact_phone: f.contact_phone,
    user_id: f.user_id === DELETED_AUTHOR_ID ? null : f.user_id,
  };
}

export function toReplyView(r: FeedbackReplyRow, time: TimeFormatter, isRead = r.is_read === 1): Static<typeof ReplySchema> {
  return {
    id: r.id,
    app_id: r.app_id,
    created_at: time.format(r.created_at),
    updated_at: time.format(r.updated_at),
    reply_content: r.reply_content,
    manager_id: r.manager_id,
    feedback_id: r.feedback_id,
    is_read: isRead,
  };
}
