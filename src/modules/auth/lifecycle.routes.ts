/** /api/auth/reset_password, /api/auth/code_login and the user's sessions (SPEC section 7). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SessionRow } from '../../db/tables.js';
import { pathId } from '../../platform/ids.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { Empty, IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { parseAccount } from './account.js';
import type { AccountLifecycleService } from './account-lifecycle.service.js';
import { CodeLoginBody, ResetPasswordBody, SessionSchema, TokenSchema } from './auth.schemas.js';
import { clientInfo } from './client-info.js';
import type { SessionsService } from './sessions.service.js';

export interface LifecycleRoutesDeps {
  lifecycle: AccountLifecycleService;
  sessions: SessionsService;
  time: TimeFormatter;
}

export const lifecycleRoutes: FastifyPluginAsyncTypebox<LifecycleRoutesDeps> = async (app, { lifecycle, sessions, time }) => {
  const tags = ['auth'];

  app.post(
    '/api/auth/reset_password',
    { schema: { tags, summary: 'Set a new password with a code; every session ends', body: ResetPasswordBody, response: ok(Empty) } },
    async (req) => {
      const { area, account, code, password } = req.body;
      await lifecycle.resetPassword(req.appId, parseAccount(area, account), code, password);
      return success({});
    },
  );

  app.post(
    '/api/auth/code_login',
    { schema: { tags, summary: 'Log in with a code', body: CodeLoginBody, response: ok(TokenSchema) } },
    async (req) => {
      const { area, account, code } = req.body;
      return success(await lifecycle.codeLogin(req.appId, parseAccount(area, account), code, clientInfo(req)));
    },
  );

  const view = (s: SessionRow, current: number) => ({
    id: s.id,
    created_at: time.format(s.created_at),
    last_used_at: time.format(s.last_used_at ?? s.created_at),
    user_agent: s.user_agent,
    ip: s.ip,
    current: s.id === current,
  });

  app.get(
    '/api/auth/sessions',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'The live login sessions of the user, newest first',
        querystring: PageQuery,
        response: ok(Page(SessionSchema)),
      },
    },
    async (req) => {
      const page = parsePage(req.query);
      const { sessionId, user } = req.session();
      const { total, rows } = await sessions.list(user.id, page);
      return success(
        pageResult(
          page,
          total,
          rows.map((s) => view(s, sessionId)),
        ),
      );
    },
  );

  app.delete(
    '/api/auth/sessions/:id',
    { config: { auth: 'user' }, schema: { tags, summary: 'End one session (it may be this one)', params: IdParam, response: ok(Empty) } },
    async (req) => {
      await sessions.revoke(req.user().id, pathId(req.params.id));
      return success({});
    },
  );
};
