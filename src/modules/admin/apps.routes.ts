/** /admin/api/apps: tenant apps and their push settings (super only). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { AppsService } from './apps.service.js';
import type { AppRow } from '../../db/tables.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { ok, Page, PageQuery, success, Timestamp } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { parsePushSettings } from '../push/push-settings.js';
import { DEFAULT_APP_ALIAS, maskSettings } from './apps.service.js';

const PushConfig = Type.Record(Type.String(), Type.Unknown(), {
  description: 'android_provider, ios_provider, webhook_url, and getui/jpush/fcm/apns credentials (secrets come back masked)',
});
const AppSchema = Type.Object({
  id: Type.Integer(),
  app_id: Type.String(),
  name: Type.String(),
  push_config: PushConfig,
  created_at: Timestamp,
  updated_at: Timestamp,
});
const CreateBody = Type.Object({
  app_id: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  push_config: Type.Optional(PushConfig),
});
const UpdateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  push_config: Type.Optional(PushConfig),
});
const AppParam = Type.Object({
  app_id: Type.String({ minLength: 1, maxLength: 64, description: `the app id; ${DEFAULT_APP_ALIAS} for the default app` }),
});

function toAppView(a: AppRow, time: TimeFormatter): Static<typeof AppSchema> {
  return {
    id: a.id,
    app_id: a.app_id,
    name: a.name,
    push_config: maskSettings(parsePushSettings(a.push_config)) as Record<string, unknown>,
    created_at: time.format(a.created_at),
    updated_at: time.format(a.updated_at),
  };
}

export interface AppsRoutesDeps {
  appsAdmin: AppsService;
  time: TimeFormatter;
}

export const appsRoutes: FastifyPluginAsyncTypebox<AppsRoutesDeps> = async (app, { appsAdmin, time }) => {
  const config = { auth: 'manager' as const, superOnly: true, anyApp: true };
  const tags = ['admin: apps'];
  const appIdOf = (param: string) => (param === DEFAULT_APP_ALIAS ? '' : param);

  app.get(
    '/admin/api/apps',
    { config, schema: { tags, summary: 'Apps', querystring: PageQuery, response: ok(Page(AppSchema)) } },
    async (req) => {
      const page = parsePage(req.query);
      const { total, rows } = await appsAdmin.list(page);
      return success(
        pageResult(
          page,
          total,
          rows.map((r) => toAppView(r, time)),
        ),
      );
    },
  );

  app.post(
    '/admin/api/apps',
    { config, schema: { tags, summary: 'Create an app', body: CreateBody, response: ok(AppSchema) } },
    async (req) => success(toAppView(await appsAdmin.create(req.body, req.actor()), time)),
  );

  app.get(
    '/admin/api/apps/:app_id',
    { config, schema: { tags, summary: 'One app', params: AppParam, response: ok(AppSchema) } },
    async (req) => success(toAppView(await appsAdmin.get(appIdOf(req.params.app_id)), time)),
  );

  app.put(
    '/admin/api/apps/:app_id',
    { config, schema: { tags, summary: 'Update an app', params: AppParam, body: UpdateBody, response: ok(AppSchema) } },
    async (req) => success(toAppView(await appsAdmin.update(appIdOf(req.params.app_id), req.body, req.actor()), time)),
  );
};
