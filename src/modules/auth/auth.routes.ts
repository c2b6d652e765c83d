/** /api/auth/*: codes, registration, login, refresh and logout. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CodeService } from './code.service.js';
import type { AuthService } from './auth.service.js';
import type { TokenService } from './token.service.js';
import type { AccountWriter } from './account-writer.js';
import { Empty, ok, success } from '../../platform/schemas.js';
import { parseAccount } from './account.js';
import { clientInfo } from './client-info.js';
import { CheckCodeBody, LoginBody, RefreshBody, RegisterBody, SendCodeBody, TokenSchema } from './auth.schemas.js';

export interface AuthRoutesDeps {
  codes: CodeService;
  auth: AuthService;
  tokens: TokenService;
  accounts: AccountWriter;
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesDeps> = async (app, { codes, auth, tokens, accounts }) => {
  const tags = ['auth'];

  app.post(
    '/api/auth/send_code',
    { schema: { tags, summary: 'Send a 6-digit code by SMS or e-mail', body: SendCodeBody, response: ok(Empty) } },
    async (req) => {
      await codes.send(req.appId, parseAccount(req.body.area, req.body.account), req.ip, req.locale);
      return success({});
    },
  );

  app.post(
    '/api/auth/check_code',
    { schema: { tags, summary: 'Check a code without consuming it', body: CheckCodeBody, response: ok(Empty) } },
    async (req) => {
      await codes.verify(req.appId, parseAccount(req.body.area, req.body.account), req.body.code);
      return success({});
    },
  );

  app.post(
    '/api/auth/register',
    { schema: { tags, summary: 'Register with a code and a password', body: RegisterBody, response: ok(TokenSchema) } },
    async (req) => {
      const { area, account, code, password } = req.body;
      return success(await auth.register(req.appId, parseAccount(area, account), code, password, clientInfo(req)));
    },
  );

  app.post(
    '/api/auth/access_token',
    { schema: { tags, summary: 'Log in with a password', body: LoginBody, response: ok(TokenSchema) } },
    async (req) => {
      const { area, account, password } = req.body;
      return success(await auth.login(req.appId, parseAccount(area, account), password, clientInfo(req)));
    },
  );

  app.post(
    '/api/auth/refresh_token',
    { schema: { tags, summary: 'Rotate the token pair', body: RefreshBody, response: ok(TokenSchema) } },
    async (req) => success(await tokens.refresh(req.appId, req.body.refresh_token)),
  );

  app.post(
    '/api/auth/destroy_token',
    { config: { auth: 'user' }, schema: { tags, summary: 'Log out this session', response: ok(Empty) } },
    async (req) => {
      await accounts.revokeSession(req.session().sessionId);
      return success({});
    },
  );
};
