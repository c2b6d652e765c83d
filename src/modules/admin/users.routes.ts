/** /admin/api/users: find app users and enable or disable them. */
import { pathId } from '../../platform/ids.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { UsersAdminService } from './users-admin.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import { toUserView, UserSchema } from '../auth/user.view.js';

export interface UsersRoutesDeps {
  usersAdmin: UsersAdminService;
  time: TimeFormatter;
}

export const usersRoutes: FastifyPluginAsyncTypebox<UsersRoutesDeps> = async (app, { usersAdmin, time }) => {
  const config = { auth: 'manager' as const };
  const tags = ['admin: users'];

  app.get(
    '/admin/api/users',
    {
      config,
      schema: {
        tags,
        summary: 'Users of the app, newest first; q matches phone, e-mail, username or nickname',
        querystring: Type.Object({ ...PageQuery.properties, q: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: ok(Page(UserSchema)),
      },
    },
    async (req) => {
      const page = parsePage(req.query);
      const { total, rows } = await usersAdmin.search(req.appId, req.query.q?.trim() || undefined, page);
      return success(
        pageResult(
          page,
          total,
          rows.map((r) => toUserView(r, time)),
        ),
      );
    },
  );

  app.get(
    '/admin/api/users/:id',
    { config, schema: { tags, summary: 'One user', params: IdParam, response: ok(UserSchema) } },
    async (req) => {
      return success(toUserView(await usersAdmin.get(req.appId, pathId(req.params.id)), time));
    },
  );

  app.put(
    '/admin/api/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Enable or disable a user (a disabled user’s tokens stop working at once)',
        params: IdParam,
        body: Type.Object({ is_active: Type.Boolean() }),
        response: ok(UserSchema),
      },
    },
    async (req) => success(toUserView(await usersAdmin.setActive(req.appId, pathId(req.params.id), req.body.is_active, req.actor()), time)),
  );
};
