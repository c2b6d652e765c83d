/** /admin/api/auth/login, /admin/api/auth/logout, /admin/api/me. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ManagerAuthService } from './manager-auth.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { Empty, ok, success } from '../../platform/schemas.js';
import { ManagerSchema, toManagerView } from './manager.view.js';

const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ maxLength: 1024 }),
  totp_code: Type.Optional(Type.String({ maxLength: 16, description: 'required while the manager has two-factor on (10016)' })),
});
const LoginAnswer = Type.Object({
  access_token: Type.String(),
  expires_at: Type.String(),
  expires_in: Type.Integer(),
  manager: Type.Object({ id: Type.Integer(), username: Type.String(), role: Type.String({ enum: ['super', 'operator'] }) }),
});

export interface ManagerAuthRoutesDeps {
  managerAuth: ManagerAuthService;
  time: TimeFormatter;
}

export const managerAuthRoutes: FastifyPluginAsyncTypebox<ManagerAuthRoutesDeps> = async (app, { managerAuth, time }) => {
  const tags = ['admin: auth'];

  app.post(
    '/admin/api/auth/login',
    { schema: { tags, summary: 'Operator sign-in', body: LoginBody, response: ok(LoginAnswer) } },
    async (req) => success(await managerAuth.login(req.body.username, req.body.password, req.body.totp_code)),
  );

  app.post(
    '/admin/api/auth/logout',
    { config: { auth: 'manager', anyApp: true }, schema: { tags, summary: 'Revoke this manager token', response: ok(Empty) } },
    async (req) => {
      await managerAuth.logout(req.manager());
      return success({});
    },
  );

  app.get(
    '/admin/api/me',
    { config: { auth: 'manager', anyApp: true }, schema: { tags, summary: 'The signed-in manager', response: ok(ManagerSchema) } },
    async (req) => {
      return success(toManagerView(await managerAuth.me(req.manager()), time));
    },
  );
};
