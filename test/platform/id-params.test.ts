/**
 * Every `{id}`-like path parameter is the one RowIdParam type: anything but digits is
 * 10005, a well-formed id that names no row (0, or however large) is 10001.
 */
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RowIdParam } from '../../src/platform/schemas.js';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let tokens: Record<string, string>;
const routes: { method: string; url: string; auth: string | undefined; params: Record<string, unknown> | undefined }[] = [];
const ID_NAME = /:(id|\w+_id)\b/;

beforeAll(async () => {
  t = await buildTestApp({
    onRoute: (r: RouteOptions) => {
      const params = (r.schema?.params as { properties?: Record<string, unknown> } | undefined)?.properties;
      for (const method of [r.method].flat()) {
        if (method !== 'HEAD' && ID_NAME.test(r.url)) routes.push({ method, url: r.url, auth: r.config?.auth, params });
      }
    },
  });
  tokens = { user: (await registerUser(t)).accessToken, manager: await adminToken(t) };
});
afterAll(() => t.close());

const request = (route: (typeof routes)[number], id: string) =>
  t.request({ method: route.method, url: route.url.replace(ID_NAME, id), headers: route.auth ? auth(tokens[route.auth]!) : {} });

describe('{id} path parameters', () => {
  it('all use RowIdParam (client_id, app_id and avatar ids are not row ids)', () => {
    const idRoutes = routes.filter((r) => !/:(client_id|app_id)\b|^\/api\/avatars\//.test(r.url));
    expect(idRoutes.length).toBeGreaterThanOrEqual(15);
    for (const r of idRoutes) {
      const name = ID_NAME.exec(r.url)![1]!;
      expect(r.params?.[name], `${r.method} ${r.url}`).toBe(RowIdParam);
    }
  });

  it('answer 10005 for anything but a string of digits', async () => {
    for (const route of routes.filter((r) => !/:(client_id|app_id)\b|^\/api\/avatars\//.test(r.url))) {
      for (const id of ['-1', 'abc', '1.5', '1e3', '1000000000000000']) {
        const res = await request(route, id);
        expect(res.body.code, `${route.method} ${route.url} ${id}`).toBe(10005);
      }
    }
  });

  it('answer 10001 for a well-formed id beyond any row, where no body is needed', async () => {
    const bodiless = routes.filter(
      (r) =>
        !/:(client_id|app_id)\b|^\/api\/avatars\//.test(r.url) &&
        (r.method === 'GET' || r.method === 'DELETE' || r.url.endsWith('/cancel')),
    );
    expect(bodiless.length).toBeGreaterThanOrEqual(9);
    for (const route of bodiless) {
      for (const id of ['0', '999999', '2147483648', '999999999999999']) {
        const res = await request(route, id);
        expect(res.status, `${route.method} ${route.url} ${id}`).toBe(404);
        expect(res.body.code, `${route.method} ${route.url} ${id}`).toBe(10001);
      }
    }
  });
});
