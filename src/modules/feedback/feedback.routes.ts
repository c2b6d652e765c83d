/** Client feedback (auth user): categories, own feedback, the latest reply. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FeedbackService } from './feedback.service.js';
import type { FeedbackCategoryService } from './feedback-category.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { parsePage } from '../../platform/pagination.js';
import { Empty, FeedbackIdParam, IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import { CategorySchema, FeedbackSchema, ReplySchema, toCategoryView, toFeedbackView, toReplyView } from './feedback.view.js';
import { pathId } from '../../platform/ids.js';

// Lengths are checked on the trimmed text by the service; the schema checks types.
const CreateBody = Type.Object({
  feedback_content: Type.String({ description: '1 to 2000 characters, trimmed' }),
  feedback_category_id: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'a category of this app; 0, null or absent for none' }),
  ),
  contact_phone: Type.Optional(Type.String({ description: 'at most 32 characters' })),
});

export interface FeedbackRoutesDeps {
  feedback: FeedbackService;
  feedbackCategories: FeedbackCategoryService;
  time: TimeFormatter;
}

export const feedbackRoutes: FastifyPluginAsyncTypebox<FeedbackRoutesDeps> = async (app, { feedback, feedbackCategories, time }) => {
  const config = { auth: 'user' as const };
  const tags = ['feedback'];

  app.get(
    '/api/feedback_category',
    { config, schema: { tags, summary: 'Feedback categories', querystring: PageQuery, response: ok(Page(CategorySchema)) } },
    async (req) => {
      const page = await feedbackCategories.list(req.appId, parsePage(req.query));
      return success({ ...page, data: page.data.map((r) => toCategoryView(r, time)) });
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
      const page = await feedback.listOwn(req.appId, req.user().id, parsePage(req.query));
      return success({ ...page, data: page.data.map((r) => toFeedbackView(r, time)) });
    },
  );

  app.delete(
    '/api/feedback/:id',
    { config, schema: { tags, summary: 'Delete own feedback (its replies go with it)', params: IdParam, response: ok(Empty) } },
    async (req) => {
      await feedback.deleteOwn(req.appId, req.user().id, pathId(req.params.id));
      return success({});
    },
  );

  app.get(
    '/api/feedback/reply/:feedback_id',
    {
      config,
      schema: {
        tags,
        summary: 'Latest reply to own feedback; is_read is the state before this call, which marks the thread read',
        params: FeedbackIdParam,
        response: ok(ReplySchema),
      },
    },
    async (req) => {
      const { reply, wasRead } = await feedback.readLatestReply(req.appId, req.user().id, pathId(req.params.feedback_id));
      return success(toReplyView(reply, time, wasRead));
    },
  );
};
