/** /admin/api/faq: operators write the help center. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { Empty, IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import { AdminFaqSchema, toAdminFaqView } from '../faq/faq.view.js';

const Fields = {
  title: Type.String({ minLength: 1, maxLength: 255 }),
  content: Type.String({ minLength: 1, maxLength: 20000 }),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  external_link: Type.Optional(Type.String({ maxLength: 512 })),
  sort: Type.Optional(Type.Integer({ minimum: -1000000, maximum: 1000000 })),
  is_published: Type.Optional(Type.Boolean()),
};
const CreateBody = Type.Object(Fields);
const UpdateBody = Type.Object({ ...Fields, title: Type.Optional(Fields.title), content: Type.Optional(Fields.content) });
const ListQuery = Type.Object({
  ...PageQuery.properties,
  category: Type.Optional(Type.String({ maxLength: 64 })),
  q: Type.Optional(Type.String({ maxLength: 100 })),
});

export const adminFaqRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (app, { container }) => {
  const { faq, time } = container;
  const config = { auth: 'manager' as const };
  const tags = ['admin: faq'];
  const actor = (req: { manager(): { id: number }; ip: string }) => ({ managerId: req.manager().id, ip: req.ip });

  app.get(
    '/admin/api/faq',
    { config, schema: { tags, summary: 'All FAQ articles of the app', querystring: ListQuery, response: ok(Page(AdminFaqSchema)) } },
    async (req) => {
      const page = parsePage(req.query);
      const { total, rows } = await faq.list(
        { appId: req.appId, publishedOnly: false, category: req.query.category, q: req.query.q?.trim() || undefined },
        page,
      );
      return success(
        pageResult(
          page,
          total,
          rows.map((r) => toAdminFaqView(r, time)),
        ),
      );
    },
  );

  app.post(
    '/admin/api/faq',
    { config, schema: { tags, summary: 'Create an article', body: CreateBody, response: ok(AdminFaqSchema) } },
    async (req) => success(toAdminFaqView(await faq.create(req.appId, req.body, actor(req)), time)),
  );

  app.get(
    '/admin/api/faq/:id',
    { config, schema: { tags, summary: 'One article', params: IdParam, response: ok(AdminFaqSchema) } },
    async (req) => success(toAdminFaqView(await faq.get(req.appId, Number(req.params.id)), time)),
  );

  app.put(
    '/admin/api/faq/:id',
    { config, schema: { tags, summary: 'Update an article', params: IdParam, body: UpdateBody, response: ok(AdminFaqSchema) } },
    async (req) => success(toAdminFaqView(await faq.update(req.appId, Number(req.params.id), req.body, actor(req)), time)),
  );

  app.delete(
    '/admin/api/faq/:id',
    { config, schema: { tags, summary: 'Delete an article', params: IdParam, response: ok(Empty) } },
    async (req) => {
      await faq.delete(req.appId, Number(req.params.id), actor(req));
      return success({});
    },
  );
};
