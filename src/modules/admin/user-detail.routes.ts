/** /admin/api/users/{id}/devices and /sessions: the console's user page. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { PushBindingRow, SessionRow } from '../../db/tables.js';
import { pathId } from '../../platform/ids.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { Empty, IdParam, ok, Page, PageQuery, success, Timestamp } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { UserDetailService } from './user-detail.service.js';

const DeviceSchema = Type.Object({
  id: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
  client_type: Type.String({ description: 'android or ios' }),
  provider: Type.String({ description: 'the push provider the device registered with' }),
  switch: Type.Boolean({ description: 'the user’s switch for this device' }),
  client_id_hint: Type.String({
    description: 'a few characters of each end of the push client id, to tell devices apart; the id itself is not shown',
  }),
});

const AdminSessionSchema = Type.Object({
  id: Type.Integer(),
  created_at: Timestamp,
  last_used_at: Timestamp,
  user_agent: Type.String(),
  ip: Type.String(),
});

/**
 * A push client id addresses the device through the app's provider: operators see enough of
 * it to tell devices apart (at most 4 characters of each end, an eighth of it each), not the id.
 */
export function clientIdHint(clientId: string): string {
  const k = Math.min(4, Math.floor(clientId.length / 8));
  return k === 0 ? '…' : `${clientId.slice(0, k)}…${clientId.slice(-k)}`;
}

export interface UserDetailRoutesDeps {
  userDetail: UserDetailService;
  time: TimeFormatter;
}

export const userDetailRoutes: FastifyPluginAsyncTypebox<UserDetailRoutesDeps> = async (app, { userDetail, time }) => {
  const config = { auth: 'manager' as const };
  const tags = ['admin: users'];

  const device = (b: PushBindingRow) => ({
    id: b.id,
    created_at: time.format(b.created_at),
    updated_at: time.format(b.updated_at),
    client_type: b.client_type,
    provider: b.provider,
    switch: b.switch === 1,
    client_id_hint: clientIdHint(b.client_id),
  });
  const session = (s: SessionRow) => ({
    id: s.id,
    created_at: time.format(s.created_at),
    last_used_at: time.format(s.last_used_at ?? s.created_at),
    user_agent: s.user_agent,
    ip: s.ip,
  });

  app.get(
    '/admin/api/users/:id/devices',
    {
      config,
      schema: { tags, summary: 'The user’s bound push devices, newest first', params: IdParam, response: ok(Type.Array(DeviceSchema)) },
    },
    async (req) => success((await userDetail.devices(req.appId, pathId(req.params.id))).map(device)),
  );

  app.get(
    '/admin/api/users/:id/sessions',
    {
      config,
      schema: {
        tags,
        summary: 'The user’s live login sessions, newest first',
        params: IdParam,
        querystring: PageQuery,
        response: ok(Page(AdminSessionSchema)),
      },
    },
    async (req) => {
      const page = parsePage(req.query);
      const { total, rows } = await userDetail.liveSessions(req.appId, pathId(req.params.id), page);
      return success(pageResult(page, total, rows.map(session)));
    },
  );

  app.delete(
    '/admin/api/users/:id/sessions',
    {
      config,
      schema: { tags, summary: 'End every session of the user (its tokens answer 10004 at once)', params: IdParam, response: ok(Empty) },
    },
    async (req) => {
      await userDetail.revokeSessions(req.appId, pathId(req.params.id), req.actor());
      return success({});
    },
  );
};
