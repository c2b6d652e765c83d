/** /admin/api/feedback_category: the categories users file feedback under. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FeedbackCategoryService } from '../feedback/feedback-category.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { parsePage } from '../../platform/pagination.js';
import { Empty, IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import { CategorySchema, toCategoryView } from '../feedback/feedback.view.js';
import { pathId } from '../../platform/ids.js';

const Fields = {
  name: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.Optional(Type.String({ maxLength: 255 })),
};
const CreateBody = Type.Object(Fields);
const UpdateBody = Type.Object({ ...Fields, name: Type.Optional(Fields.name) });

export interface AdminFeedbackCategoryRoutesDeps {
  feedbackCategories: FeedbackCategoryService;
  time: TimeFormatter;
}

export const adminFeedbackCategoryRoutes: FastifyPluginAsyncTypebox<AdminFeedbackCategoryRoutesDeps> = async (
  app,
  { feedbackCategories, time },
) => {
  const config = { auth: 'manager' as const };
  const tags = ['admin: feedback'];

  app.get(
    '/admin/api/feedback_category',
    { config, schema: { tags, summary: 'Feedback categories', querystring: PageQuery, response: ok(Page(CategorySchema)) } },
    async (req) => {
      const page = await feedbackCategories.list(req.appId, parsePage(req.query));
      return success({ ...page, data: page.data.map((r) => toCategoryView(r, time)) });
    },
  );

  app.post(
    '/admin/api/feedback_category',
    { config, schema: { tags, summary: 'Create a category', body: CreateBody, response: ok(CategorySchema) } },
    async (req) => success(toCategoryView(await feedbackCategories.create(req.appId, req.body, req.actor()), time)),
  );

  app.put(
    '/admin/api/feedback_category/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Update a category (only the fields given)',
        params: IdParam,
        body: UpdateBody,
        response: ok(CategorySchema),
      },
    },
    async (req) => success(toCategoryView(await feedbackCategories.update(req.appId, pathId(req.params.id), req.body, req.actor()), time)),
  );

  app.delete(
    '/admin/api/feedback_category/:id',
    {
      config,
      schema: { tags, summary: 'Delete a category (feedback filed under it keeps the id)', params: IdParam, response: ok(Empty) },
    },
    async (req) => {
      await feedbackCategories.delete(req.appId, pathId(req.params.id), req.actor());
      return success({});
    },
  );
};
