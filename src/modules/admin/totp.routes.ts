/** /admin/api/me/totp: the signed-in manager's own second factor. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Empty, ok, success } from '../../platform/schemas.js';
import type { ManagerTotpService } from './totp.service.js';

const CodeBody = Type.Object({ code: Type.String({ maxLength: 16, description: 'the 6-digit code of the authenticator app' }) });
const Setup = Type.Object({
  secret: Type.String({ description: 'base32; not active until enabled with a code' }),
  otpauth_url: Type.String({ description: 'otpauth://totp/... for authenticator apps (QR code)' }),
});

export interface TotpRoutesDeps {
  managerTotp: ManagerTotpService;
}

export const totpRoutes: FastifyPluginAsyncTypebox<TotpRoutesDeps> = async (app, { managerTotp }) => {
  const config = { auth: 'manager' as const, anyApp: true };
  const tags = ['admin: auth'];

  app.post(
    '/admin/api/me/totp',
    { config, schema: { tags, summary: 'New pending two-factor secret (TOTP)', response: ok(Setup) } },
    async (req) => success(await managerTotp.begin(req.manager().id)),
  );

  app.post(
    '/admin/api/me/totp/enable',
    { config, schema: { tags, summary: 'Turn the pending secret on with a code (10016 wrong code)', body: CodeBody, response: ok(Empty) } },
    async (req) => {
      await managerTotp.enable(req.manager().id, req.body.code);
      return success({});
    },
  );

  app.delete(
    '/admin/api/me/totp',
    { config, schema: { tags, summary: 'Turn the second factor off with a code (10016 wrong code)', body: CodeBody, response: ok(Empty) } },
    async (req) => {
      await managerTotp.disable(req.manager().id, req.body.code);
      return success({});
    },
  );
};
