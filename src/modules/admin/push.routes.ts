/** /admin/api/push: operators send push messages and follow their delivery. */
import { MAX_ROW_ID, pathId } from '../../platform/ids.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PushService } from '../push/push.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import { PushMessageSchema, toPushMessageView } from '../push/push.view.js';

const CreateBody = Type.Object({
  push_title: Type.String({ minLength: 1, maxLength: 255 }),
  push_body: Type.String({ maxLength: 4000 }),
  push_scope: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2), Type.Literal(3)], {
    description: '0 all users, 1 android devices, 2 ios devices, 3 the listed user ids',
  }),
  user_ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: MAX_ROW_ID }), { maxItems: 10000 })),
  send_at: Type.Optional(Type.String({ maxLength: 19, description: 'YYYY-MM-DD HH:mm:ss in APPDESK_TIMEZONE' })),
  extras: Type.Optional(
    Type.Record(Type.String({ maxLength: 2048 }), Type.String({ maxLength: 2048 }), {
      description: "custom data delivered with the push (the providers' extras / payload), at most 2 KiB as JSON",
    }),
  ),
});

export interface AdminPushRoutesDeps {
  push: PushService;
  time: TimeFormatter;
}

export const adminPushRoutes: FastifyPluginAsyncTypebox<AdminPushRoutesDeps> = async (app, { push, time }) => {
  const config = { auth: 'manager' as const };
  const tags = ['admin: push'];

  app.post(
    '/admin/api/push',
    { config, schema: { tags, summary: 'Create and queue a push', body: CreateBody, response: ok(PushMessageSchema) } },
    async (req) => success(toPushMessageView(await push.create(req.appId, req.body, req.actor()), time)),
  );

  app.get(
    '/admin/api/push',
    { config, schema: { tags, summary: 'Push messages, newest first', querystring: PageQuery, response: ok(Page(PushMessageSchema)) } },
    async (req) => {
      const page = parsePage(req.query);
      const { total, rows } = await push.list(req.appId, page);
      return success(
        pageResult(
          page,
          total,
          rows.map((r) => toPushMessageView(r, time)),
        ),
      );
    },
  );

  app.get(
    '/admin/api/push/:id',
    { config, schema: { tags, summary: 'One push with its delivery figures', params: IdParam, response: ok(PushMessageSchema) } },
    async (req) => success(toPushMessageView(await push.get(req.appId, pathId(req.params.id)), time)),
  );

  app.post(
    '/admin/api/push/:id/cancel',
    { config, schema: { tags, summary: 'Cancel a pending push', params: IdParam, response: ok(PushMessageSchema) } },
    async (req) => success(toPushMessageView(await push.cancel(req.appId, pathId(req.params.id), req.actor()), time)),
  );
};
