/** Client feedback: categories, own feedback, the latest reply. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { Empty, IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import { CategorySchema, FeedbackSchema, ReplySchema, toCategoryView, toFeedbackView, toReplyView } from './feedback.view.js';

const CreateBody = Type.Object({
  feedback_content: Type.String({ minLength: 1, maxLength: 2000 }),
  feedback_category_id: Type.Optional(Type.Integer({ minimum: 0 })),
  contact_phone: Type.Optional(Type.String({ maxLength: 32 })),
});
const FeedbackIdParam = Type.Object({ feedback_id: Type.String({ pattern: '^[0-9]{1,15}$' }) });

export const feedbackRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (app, { container }) => {
  const { feedback, time } = container;
  const config = { auth: 'user' as const };
  const tags = ['feedback'];

  app.get(
    '/api/feedback_category',
    { config, schema: { tags, summary: 'Feedback categories', querystring: PageQuery, response: ok(Page(CategorySchema)) } },
    async (req) => {
      const page = parsePage(req.query);
      const { total, rows } = await feedback.listCategories(req.appId, page);
      return success(
        pageResult(
          page,
          total,
          rows.map((r) => toCategoryView(r, time)),
        ),
      );
    },
  );

  app.post(
    '/api/feedback',
    { config, schema: { tags, summary: 'Send feedback', body: CreateBody, response: ok(FeedbackSchema) } },
    async (req) => success(toFeedbackView(await feedback.create(req.appId, req.user().id, req.body), time)),
  );

  app.get(
    '/api/feedback',
    { config, schema: { tags, summary: 'Own feedback, newest first', querystring: PageQuery, response: ok(Page(FeedbackSchema)) } },
    async (req) => {
      const page = parsePage(req.query);
      const { total, rows } = await feedback.list({ appId: req.appId, userId: req.user().id }, page);
      return success(
        pageResult(
          page,
          total,
          rows.map((r) => toFeedbackView(r, time)),
        ),
      );
    },
  );

  app.delete(
    '/api/feedback/:id',
    { config, schema: { tags, summary: 'Delete own feedback', params: IdParam, response: ok(Empty) } },
    async (req) => {
      await feedback.deleteOwn(req.appId, req.user().id, Number(req.params.id));
      return success({});
    },
  );

  app.get(
    '/api/feedback/reply/:feedback_id',
    {
      config,
      schema: { tags, summary: 'Latest reply to own feedback (marks it read)', params: FeedbackIdParam, response: ok(ReplySchema) },
    },
    async (req) => {
      const { reply, wasRead } = await feedback.readLatestReply(req.appId, req.user().id, Number(req.params.feedback_id));
      return success(toReplyView(reply, time, wasRead));
    },
  );
};
