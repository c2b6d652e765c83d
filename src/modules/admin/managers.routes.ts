/** /admin/api/managers: super managers manage operator accounts. */
import { pathId } from '../../platform/ids.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ManagersService } from './managers.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { Empty, IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import { ManagerSchema, toManagerView } from './manager.view.js';

const Role = Type.Union([Type.Literal('super'), Type.Literal('operator')]);
const AppIds = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 });
const CreateBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ maxLength: 1024 }),
  role: Type.Optional(Role),
  app_ids: Type.Optional(AppIds),
});
const UpdateBody = Type.Object({
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  role: Type.Optional(Role),
  app_ids: Type.Optional(AppIds),
  totp_enabled: Type.Optional(Type.Boolean({ description: 'false turns the manager’s second factor off; true is refused (10005)' })),
});

export interface ManagersRoutesDeps {
  managersAdmin: ManagersService;
  time: TimeFormatter;
}

export const managersRoutes: FastifyPluginAsyncTypebox<ManagersRoutesDeps> = async (app, { managersAdmin, time }) => {
  const config = { auth: 'manager' as const, superOnly: true, anyApp: true };
  const tags = ['admin: managers'];

  app.get(
    '/admin/api/managers',
    { config, schema: { tags, summary: 'Managers', querystring: PageQuery, response: ok(Page(ManagerSchema)) } },
    async (req) => {
      const page = parsePage(req.query);
      const { total, rows } = await managersAdmin.list(page);
      return success(
        pageResult(
          page,
          total,
          rows.map((r) => toManagerView(r, time)),
        ),
      );
    },
  );

  app.post(
    '/admin/api/managers',
    { config, schema: { tags, summary: 'Create a manager', body: CreateBody, response: ok(ManagerSchema) } },
    async (req) => success(toManagerView(await managersAdmin.create(req.body, req.actor()), time)),
  );

  app.put(
    '/admin/api/managers/:id',
    { config, schema: { tags, summary: 'Update a manager', params: IdParam, body: UpdateBody, response: ok(ManagerSchema) } },
    async (req) => success(toManagerView(await managersAdmin.update(pathId(req.params.id), req.body, req.actor()), time)),
  );

  app.delete(
    '/admin/api/managers/:id',
    { config, schema: { tags, summary: 'Delete a manager', params: IdParam, response: ok(Empty) } },
    async (req) => {
      await managersAdmin.delete(pathId(req.params.id), req.actor());
      return success({});
    },
  );
};
