/** /admin/api/apps: tenant apps and their push and SMS settings (super only). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { AppsService } from './apps.service.js';
import type { AppRow } from '../../db/tables.js';
import type { AppSettingsService } from '../apps/app-settings.service.js';
import { PushConfigSchema, SmsConfigSchema } from '../apps/settings-schemas.js';
import { pageResult, parsePage } from '../../platform/pagination.js';
import { ok, Page, PageQuery, success, Timestamp } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { DEFAULT_APP_ALIAS } from './apps.service.js';

// Answers as stored (masked): settings written before a schema change must still come back.
const StoredSettings = (of: string) => Type.Record(Type.String(), Type.Unknown(), { description: `${of}, secrets masked` });
const AppSchema = Type.Object({
  id: Type.Integer(),
  app_id: Type.String(),
  name: Type.String(),
  push_config: StoredSettings('push_config'),
  sms_config: StoredSettings('sms_config'),
  created_at: Timestamp,
  updated_at: Timestamp,
});
const CreateBody = Type.Object({
  app_id: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  push_config: Type.Optional(PushConfigSchema),
  sms_config: Type.Optional(SmsConfigSchema),
});
const UpdateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  push_config: Type.Optional(PushConfigSchema),
  sms_config: Type.Optional(SmsConfigSchema),
});
const AppParam = Type.Object({
  app_id: Type.String({ minLength: 1, maxLength: 64, description: `the app id; ${DEFAULT_APP_ALIAS} for the default app` }),
});

function toAppView(a: AppRow, time: TimeFormatter, settings: AppSettingsService): Static<typeof AppSchema> {
  const { push_config, sms_config } = settings.view(a.app_id, a);
  return {
    id: a.id,
    app_id: a.app_id,
    name: a.name,
    push_config,
    sms_config,
    created_at: time.format(a.created_at),
    updated_at: time.format(a.updated_at),
  };
}

export interface AppsRoutesDeps {
  appsAdmin: AppsService;
  appSettings: AppSettingsService;
  time: TimeFormatter;
}

export const appsRoutes: FastifyPluginAsyncTypebox<AppsRoutesDeps> = async (app, { appsAdmin, appSettings, time }) => {
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
          rows.map((r) => toAppView(r, time, appSettings)),
        ),
      );
    },
  );

  app.post(
    '/admin/api/apps',
    { config, schema: { tags, summary: 'Create an app', body: CreateBody, response: ok(AppSchema) } },
    async (req) => success(toAppView(await appsAdmin.create(req.body, req.actor()), time, appSettings)),
  );

  app.get(
    '/admin/api/apps/:app_id',
    { config, schema: { tags, summary: 'One app', params: AppParam, response: ok(AppSchema) } },
    async (req) => success(toAppView(await appsAdmin.get(appIdOf(req.params.app_id)), time, appSettings)),
  );

  app.put(
    '/admin/api/apps/:app_id',
    { config, schema: { tags, summary: 'Update an app', params: AppParam, body: UpdateBody, response: ok(AppSchema) } },
    async (req) => success(toAppView(await appsAdmin.update(appIdOf(req.params.app_id), req.body, req.actor()), time, appSettings)),
  );
};
