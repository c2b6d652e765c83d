/**
 * GET /admin/api/audit: who changed what, when. Operators see the entries about their own
 * objects (content, feedback, push, users) of the app they act in; super managers see every
 * entry of every app, or one app's with ?app_id=.
 */
import { MAX_ROW_ID } from '../../platform/ids.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AuditLog } from '../../platform/audit-log.js';
import { OPERATOR_TARGET_TYPES } from '../../platform/audit-log.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { ok, Page, PageQuery, success, Timestamp } from '../../platform/schemas.js';

const AuditSchema = Type.Object({
  id: Type.Integer(),
  app_id: Type.String(),
  manager_id: Type.Integer(),
  action: Type.String(),
  target_type: Type.String(),
  target_id: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  ip: Type.String(),
  created_at: Timestamp,
});

export interface AuditRoutesDeps {
  audit: AuditLog;
  time: TimeFormatter;
}

export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesDeps> = async (app, { audit, time }) => {
  app.get(
    '/admin/api/audit',
    {
      config: { auth: 'manager' },
      schema: {
        tags: ['admin: audit'],
        summary: 'Audit trail of operator writes, newest first',
        querystring: Type.Object({
          ...PageQuery.properties,
          app_id: Type.Optional(Type.String({ maxLength: 64 })),
          action: Type.Optional(Type.String({ maxLength: 64 })),
          manager_id: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ROW_ID })),
        }),
        response: ok(Page(AuditSchema)),
      },
    },
    async (req) => {
      const page = parsePage(req.query);
      const isSuper = req.manager().role === 'super';
      const { total, rows } = await audit.list(
        {
          appId: isSuper ? req.query.app_id : req.appId,
          targetTypes: isSuper ? undefined : OPERATOR_TARGET_TYPES,
          action: req.query.action,
          managerId: req.query.manager_id,
        },
        page,
      );
      return success(
        pageResult(
          page,
          total,
          rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown>, created_at: time.format(r.created_at) })),
        ),
      );
    },
  );
};
