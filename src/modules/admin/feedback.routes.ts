/** /admin/api/feedback and /admin/api/feedback_category: the operators' inbox. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { Empty, IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import {
  CategorySchema,
  FeedbackSchema,
  FeedbackWithRepliesSchema,
  ReplySchema,
  toCategoryView,
  toFeedbackView,
  toReplyView,
} from '../feedback/feedback.view.js';

const ListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 })),
  category_id: Type.Optional(Type.Integer({ minimum: 0 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
});
const CategoryBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.Optional(Type.String({ maxLength: 255 })),
});
const CategoryUpdate = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  description: Type.Optional(Type.String({ maxLength: 255 })),
});

export const adminFeedbackRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (app, { container }) => {
  const { feedback, time } = container;
  const config = { auth: 'manager' as const };
  const tags = ['admin: feedback'];
  const actor = (req: { manager(): { id: number }; ip: string }) => ({ managerId: req.manager().id, ip: req.ip });

  app.get(
    '/admin/api/feedback_category',
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
    '/admin/api/feedback_category',
    { config, schema: { tags, summary: 'Create a category', body: CategoryBody, response: ok(CategorySchema) } },
    async (req) => success(toCategoryView(await feedback.createCategory(req.appId, req.body, actor(req)), time)),
  );

  app.put(
    '/admin/api/feedback_category/:id',
    { config, schema: { tags, summary: 'Update a category', params: IdParam, body: CategoryUpdate, response: ok(CategorySchema) } },
    async (req) => success(toCategoryView(await feedback.updateCategory(req.appId, Number(req.params.id), req.body, actor(req)), time)),
  );

  app.delete(
    '/admin/api/feedback_category/:id',
    { config, schema: { tags, summary: 'Delete a category', params: IdParam, response: ok(Empty) } },
    async (req) => {
      await feedback.deleteCategory(req.appId, Number(req.params.id), actor(req));
      return success({});
    },
  );

  app.get(
    '/admin/api/feedback',
    { config, schema: { tags, summary: 'Feedback inbox, newest first', querystring: ListQuery, response: ok(Page(FeedbackSchema)) } },
    async (req) => {
      const page = parsePage(req.query);
      const { total, rows } = await feedback.list(
        { appId: req.appId, status: req.query.status, categoryId: req.query.category_id, q: req.query.q?.trim() || undefined },
        page,
      );
      return success(
        pageResult(
          page,
          total,
          rows.map((r) => toFeedbackView(r, time)),
        ),
      );
    },
  );

  app.get(
    '/admin/api/feedback/:id',
    { config, schema: { tags, summary: 'One feedback with its replies', params: IdParam, response: ok(FeedbackWithRepliesSchema) } },
    async (req) => {
      const { feedback: fb, replies } = await feedback.get(req.appId, Number(req.params.id));
      return success({ ...toFeedbackView(fb, time), replies: replies.map((r) => toReplyView(r, time)) });
    },
  );

  app.post(
    '/admin/api/feedback/:id/reply',
    {
      config,
      schema: {
        tags,
        summary: 'Reply (status becomes 1)',
        params: IdParam,
        body: Type.Object({ reply_content: Type.String({ minLength: 1, maxLength: 5000 }) }),
        response: ok(ReplySchema),
      },
    },
    async (req) => success(toReplyView(await feedback.reply(req.appId, Number(req.params.id), req.body.reply_content, actor(req)), time)),
  );

  app.put(
    '/admin/api/feedback/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Set the status',
        params: IdParam,
        body: Type.Object({ feedback_status: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)]) }),
        response: ok(FeedbackSchema),
      },
    },
    async (req) =>
      success(toFeedbackView(await feedback.setStatus(req.appId, Number(req.params.id), req.body.feedback_status, actor(req)), time)),
  );
};
