/**
 * A push end to end through the API, in its own app: configure the app's push_config,
 * bind devices for a new user, create a push, deliver it, read its figures.
 */
import { expect } from 'vitest';
import { adminToken, auth, createApp, registerUser, type TestApp } from './app.js';

export interface PushFlow {
  appId: string;
  admin: string;
  bind(clientIds: string[], clientType: 'android' | 'ios'): Promise<void>;
  /** Creates a push to everyone of the app, delivers it and answers the push message. */
  push(title?: string, body?: string): Promise<Record<string, unknown>>;
  bound(): Promise<string[]>;
}

export async function pushFlow(t: TestApp, appId: string, pushConfig: Record<string, unknown>): Promise<PushFlow> {
  await createApp(t, appId);
  const admin = await adminToken(t);
  const put = await t.request({
    method: 'PUT',
    url: `/admin/api/apps/${appId}`,
    headers: auth(admin),
    payload: { push_config: pushConfig },
  });
  expect(put.body.code, JSON.stringify(put.body)).toBe(0);
  const app = { 'x-app-id': appId };
  const user = await registerUser(t, undefined, undefined, app);
  return {
    appId,
    admin,
    async bind(clientIds, clientType) {
      for (const client_id of clientIds) {
        const res = await t.request({
          method: 'POST',
          url: '/api/push/bind',
          headers: { ...auth(user.accessToken), ...app },
          payload: { client_id, client_type: clientType },
        });
        expect(res.body.code, JSON.stringify(res.body)).toBe(0);
      }
    },
    async push(title = 'Hello', body = 'World') {
      const created = await t.request({
        method: 'POST',
        url: '/admin/api/push',
        headers: { ...auth(admin), ...app },
        payload: { push_title: title, push_body: body, push_scope: 0 },
      });
      expect(created.body.code, JSON.stringify(created.body)).toBe(0);
      await t.container.pushDelivery.deliverDue('w');
      const got = await t.request({ method: 'GET', url: `/admin/api/push/${created.body.data.id}`, headers: { ...auth(admin), ...app } });
      return got.body.data as Record<string, unknown>;
    },
    async bound() {
      const rows = await t.container.database.db.selectFrom('push_bindings').select('client_id').where('app_id', '=', appId).execute();
      return rows.map((r) => r.client_id).sort();
    },
  };
}
