/** /admin/api/feedback: the operators' feedback inbox, replies and status changes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FeedbackService } from '../feedback/feedback.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { parsePage } from '../../platform/pagination.js';
import { IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import type { FeedbackStatus } from '../feedback/feedback.model.js';
import { FeedbackSchema, FeedbackWithRepliesSchema, ReplySchema, toFeedbackView, toReplyView } from '../feedback/feedback.view.js';
import { pathId } from '../../platform/ids.js';

// Filters arrive from forms: an empty value means "any".
const InboxQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.String({ pattern: '^[012]?$', description: '0 pending, 1 replied, 2 closed; empty for any' })),
  category_id: Type.Optional(Type.String({ pattern: '^[0-9]{0,15}$', description: '0 for none; empty for any' })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'content or contact phone contains' })),
  user_id: Type.Optional(Type.String({ pattern: '^([1-9][0-9]{0,14})?$', description: 'the author’s user id; empty for any' })),
});
const Status = Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], { description: '0 pending, 1 replied, 2 closed' });

function optionalNumber(raw: string | undefined): number | undefined {
  return raw === undefined || raw === '' ? undefined : Number(raw);
}

export interface AdminFeedbackRoutesDeps {
  feedback: FeedbackService;
  time: TimeFormatter;
}

export const adminFeedbackRoutes: FastifyPluginAsyncTypebox<AdminFeedbackRoutesDeps> = async (app, { feedback, time }) => {
  const config = { auth: 'manager' as const };
  const tags = ['admin: feedback'];

  app.get(
    '/admin/api/feedback',
    { config, schema: { tags, summary: 'Feedback inbox, newest first', querystring: InboxQuery, response: ok(Page(FeedbackSchema)) } },
    async (req) => {
      const query = {
        status: optionalNumber(req.query.status) as FeedbackStatus | undefined,
        categoryId: optionalNumber(req.query.category_id),
        q: req.query.q,
        userId: optionalNumber(req.query.user_id),
      };
      const page = await feedback.inbox(req.appId, query, parsePage(req.query));
      return success({ ...page, data: page.data.map((r) => toFeedbackView(r, time)) });
    },
  );

  app.get(
    '/admin/api/feedback/:id',
    { config, schema: { tags, summary: 'One feedback with its replies', params: IdParam, response: ok(FeedbackWithRepliesSchema) } },
    async (req) => {
      const { feedback: fb, replies } = await feedback.get(req.appId, pathId(req.params.id));
      return success({ ...toFeedbackView(fb, time), replies: replies.map((r) => toReplyView(r, time)) });
    },
  );

  app.post(
    '/admin/api/feedback/:id/reply',
    {
      config,
      schema: {
        tags,
        summary: 'Reply (the feedback becomes 1, replied)',
        params: IdParam,
        body: Type.Object({ reply_content: Type.String({ description: '1 to 5000 characters, trimmed' }) }),
        response: ok(ReplySchema),
      },
    },
    async (req) => success(toReplyView(await feedback.reply(req.appId, pathId(req.params.id), req.body.reply_content, req.actor()), time)),
  );

  app.put(
    '/admin/api/feedback/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Set the status',
        params: IdParam,
        body: Type.Object({ feedback_status: Status }),
        response: ok(FeedbackSchema),
      },
    },
    async (req) =>
      success(toFeedbackView(await feedback.setStatus(req.appId, pathId(req.params.id), req.body.feedback_status, req.actor()), time)),
  );
};
