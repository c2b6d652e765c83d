/** Unread counters and the push inbox (GET /api/message/count, /api/push/log*). */
import { MAX_ROW_ID, pathId } from '../../platform/ids.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { MessageService } from './message.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { Empty, IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import { InboxMessageSchema, toInboxView } from '../push/push.view.js';
import { parseIdList } from './push-ids.js';

// Query strings are coerced to arrays, so "1,2", repeated keys and "[1,2]" all arrive as string[].
const IdsQuery = Type.Array(Type.String({ maxLength: 100000 }));

export interface MessageRoutesDeps {
  messages: MessageService;
  time: TimeFormatter;
}

export const messageRoutes: FastifyPluginAsyncTypebox<MessageRoutesDeps> = async (app, { messages, time }) => {
  const config = { auth: 'user' as const };

  app.get(
    '/api/message/count',
    {
      config,
      schema: {
        tags: ['message'],
        summary: 'Unseen push messages and unread feedback replies',
        querystring: Type.Object({ push_ids: IdsQuery }),
        response: ok(Type.Object({ push_count: Type.Integer(), feedback_count: Type.Integer() })),
      },
    },
    (req, reply) => {
      const counts = messages.counts(req.appId, req.user().id, parseIdList('push_ids', req.query.push_ids));
      // Cached counts are answered at once, without a promise: every app launch reads them.
      if (counts instanceof Promise) return counts.then(success);
      void reply.send(success(counts));
    },
  );

  app.get(
    '/api/push/log',
    {
      config,
      schema: { tags: ['push'], summary: 'Push inbox, newest first', querystring: PageQuery, response: ok(Page(InboxMessageSchema)) },
    },
    async (req) => {
      const page = parsePage(req.query);
      const { total, rows } = await messages.list(req.appId, req.user().id, page);
      return success(
        pageResult(
          page,
          total,
          rows.map((r) => toInboxView(r, time)),
        ),
      );
    },
  );

  app.delete(
    '/api/push/log/delete',
    {
      config,
      schema: {
        tags: ['push'],
        summary: 'Remove messages from the inbox (the ids given, or all)',
        querystring: Type.Object({ ids: Type.Optional(IdsQuery) }),
        body: Type.Optional(
          Type.Union([
            Type.Object({ ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: MAX_ROW_ID }), { maxItems: 10000 })) }),
            Type.Null(),
          ]),
        ),
        response: ok(Empty),
      },
    },
    async (req) => {
      const fromBody = req.body?.ids ?? [];
      const ids = fromBody.length > 0 ? fromBody : parseIdList('ids', req.query.ids);
      await messages.delete(req.appId, req.user().id, ids);
      return success({});
    },
  );

  app.get(
    '/api/push/log/:id',
    { config, schema: { tags: ['push'], summary: 'One inbox message', params: IdParam, response: ok(InboxMessageSchema) } },
    async (req) => success(toInboxView(await messages.get(req.appId, req.user().id, pathId(req.params.id)), time)),
  );
};
