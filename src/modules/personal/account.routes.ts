/** The signed-in user's password, sign-in account and the account's deletion (SPEC section 7). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Empty, ok, success } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { parseAccount } from '../auth/account.js';
import type { AccountLifecycleService } from '../auth/account-lifecycle.service.js';
import { AccountChangeBody, AccountDeleteBody, PasswordChangeBody } from '../auth/auth.schemas.js';
import { toUserView, UserSchema } from '../auth/user.view.js';

export interface AccountRoutesDeps {
  lifecycle: AccountLifecycleService;
  time: TimeFormatter;
}

export const accountRoutes: FastifyPluginAsyncTypebox<AccountRoutesDeps> = async (app, { lifecycle, time }) => {
  const tags = ['personal'];
  const config = { auth: 'user' as const };

  app.put(
    '/api/personal/password',
    {
      config,
      schema: { tags, summary: 'Change the password; every other session ends', body: PasswordChangeBody, response: ok(Empty) },
    },
    async (req) => {
      const { user, sessionId } = req.session();
      await lifecycle.changePassword(user, sessionId, req.body.old_password, req.body.password);
      return success({});
    },
  );

  app.put(
    '/api/personal/account',
    {
      config,
      schema: {
        tags,
        summary: 'Bind or change the phone or e-mail, with a code sent to it',
        body: AccountChangeBody,
        response: ok(UserSchema),
      },
    },
    async (req) => {
      const { area, account, code } = req.body;
      return success(toUserView(await lifecycle.changeAccount(req.user(), parseAccount(area, account), code), time));
    },
  );

  app.delete(
    '/api/personal/account',
    {
      config,
      schema: {
        tags,
        summary: 'Delete the account, proven with the password or a code sent to the account',
        body: AccountDeleteBody,
        response: ok(Empty),
      },
    },
    async (req) => {
      await lifecycle.deleteAccount(req.user(), req.body ?? {});
      return success({});
    },
  );
};
