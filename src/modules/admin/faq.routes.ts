/** /admin/api/faq: operators write the help center (drafts included). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FaqService } from '../faq/faq.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { parsePage } from '../../platform/pagination.js';
import { Empty, IdParam, ok, Page, success } from '../../platform/schemas.js';
import { FaqListQuery } from '../faq/faq.routes.js';
import { AdminFaqSchema, toAdminFaqView } from '../faq/faq.view.js';
import { pathId } from '../../platform/ids.js';

const Fields = {
  title: Type.String({ minLength: 1, maxLength: 255 }),
  content: Type.String({ minLength: 1, maxLength: 20000 }),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  external_link: Type.Optional(Type.String({ maxLength: 512, description: 'http(s) URL or ""' })),
  sort: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647, description: 'higher first' })),
  is_published: Type.Optional(Type.Boolean({ description: 'default true' })),
};
const CreateBody = Type.Object(Fields);
const UpdateBody = Type.Object({ ...Fields, title: Type.Optional(Fields.title), content: Type.Optional(Fields.content) });

export interface AdminFaqRoutesDeps {
  faq: FaqService;
  time: TimeFormatter;
}

export const adminFaqRoutes: FastifyPluginAsyncTypebox<AdminFaqRoutesDeps> = async (app, { faq, time }) => {
  const config = { auth: 'manager' as const };
  const tags = ['admin: faq'];

  app.get(
    '/admin/api/faq',
    {
      config,
      schema: { tags, summary: 'All FAQ articles of the app, drafts too', querystring: FaqListQuery, response: ok(Page(AdminFaqSchema)) },
    },
    async (req) => {
      const page = await faq.list(req.appId, parsePage(req.query), req.query);
      return success({ ...page, data: page.data.map((r) => toAdminFaqView(r, time)) });
    },
  );

  app.post(
    '/admin/api/faq',
    { config, schema: { tags, summary: 'Create an article', body: CreateBody, response: ok(AdminFaqSchema) } },
    async (req) => success(toAdminFaqView(await faq.create(req.appId, req.body, req.actor()), time)),
  );

  app.get(
    '/admin/api/faq/:id',
    { config, schema: { tags, summary: 'One article', params: IdParam, response: ok(AdminFaqSchema) } },
    async (req) => success(toAdminFaqView(await faq.get(req.appId, pathId(req.params.id)), time)),
  );

  app.put(
    '/admin/api/faq/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Update an article (only the fields given)',
        params: IdParam,
        body: UpdateBody,
        response: ok(AdminFaqSchema),
      },
    },
    async (req) => success(toAdminFaqView(await faq.update(req.appId, pathId(req.params.id), req.body, req.actor()), time)),
  );

  app.delete(
    '/admin/api/faq/:id',
    { config, schema: { tags, summary: 'Delete an article', params: IdParam, response: ok(Empty) } },
    async (req) => {
      await faq.delete(req.appId, pathId(req.params.id), req.actor());
      return success({});
    },
  );
};
