/** Client push devices: bind, and the per-device switch. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PUSH_PROVIDERS } from '../../config.js';
import type { PushService } from './push.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { Empty, ok, success } from '../../platform/schemas.js';
import { BindingSchema, toBindingView } from './push.view.js';

const ClientIdParam = Type.Object({ client_id: Type.String({ minLength: 1, maxLength: 255 }) });
const BindBody = Type.Object({
  client_id: Type.String({ minLength: 1, maxLength: 255 }),
  client_type: Type.Union([Type.Literal('android'), Type.Literal('ios')]),
  provider: Type.Optional(Type.Union(PUSH_PROVIDERS.map((p) => Type.Literal(p)))),
});

export interface PushRoutesDeps {
  push: PushService;
  time: TimeFormatter;
}

export const pushRoutes: FastifyPluginAsyncTypebox<PushRoutesDeps> = async (app, { push, time }) => {
  const config = { auth: 'user' as const };
  const tags = ['push'];

  app.post(
    '/api/push/bind',
    { config, schema: { tags, summary: 'Bind a push client id to the user', body: BindBody, response: ok(BindingSchema) } },
    async (req) =>
      success(toBindingView(await push.bind(req.appId, req.user().id, req.body.client_id, req.body.client_type, req.body.provider), time)),
  );

  app.get(
    '/api/push/switch/:client_id',
    { config, schema: { tags, summary: 'The device binding and its switch', params: ClientIdParam, response: ok(BindingSchema) } },
    async (req) => success(toBindingView(await push.ownBinding(req.appId, req.user().id, req.params.client_id), time)),
  );

  app.put(
    '/api/push/switch/:client_id',
    {
      config,
      schema: {
        tags,
        summary: 'Turn pushes to this device on or off',
        params: ClientIdParam,
        body: Type.Object({ switch: Type.Boolean() }),
        response: ok(Empty),
      },
    },
    async (req) => {
      await push.setSwitch(req.appId, req.user().id, req.params.client_id, req.body.switch);
      return success({});
    },
  );
};
