import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ env: { METRICS_TOKEN: 'scrape-me' } });
});
afterAll(() => t.close());

describe('GET /healthz and /readyz', () => {
  it('answer when the process and the database are up', async () => {
    expect((await t.request({ method: 'GET', url: '/healthz' })).body).toEqual({ code: 0, message: 'success', data: { status: 'ok' } });
    expect((await t.request({ method: 'GET', url: '/readyz' })).body.data.status).toBe('ready');
  });

  it('/readyz answers 503 with code 10000 when the database is gone; /healthz still answers', async () => {
    const down = await buildTestApp();
    await down.container.database.close();
    const res = await down.request({ method: 'GET', url: '/readyz' });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe(10000);
    expect((await down.request({ method: 'GET', url: '/healthz' })).body.code).toBe(0);
    await down.app.close();
    await down.database.drop();
  });
});

describe('GET /metrics', () => {
  it('needs METRICS_TOKEN when set', async () => {
    const res = await t.request({ method: 'GET', url: '/metrics' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe(10003);
  });

  it('exports requests by route and code, codes sent, push deliveries and queue depth', async () => {
    const u = await registerUser(t);
    await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) });
    await t.request({ method: 'GET', url: '/api/personal/info', headers: auth('bad') });
    await t.request({
      method: 'POST',
      url: '/api/push/bind',
      headers: auth(u.accessToken),
      payload: { client_id: 'm-1', client_type: 'ios' },
    });
    const admin = await adminToken(t);
    await t.request({
      method: 'POST',
      url: '/admin/api/push',
      headers: auth(admin),
      payload: { push_title: 'x', push_body: 'y', push_scope: 0 },
    });
    const before = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-me' } });
    expect(before.body).toMatch(/appdesk_push_queue_depth 1/);
    await t.container.pushDelivery.deliverDue('test');
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-me' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const text = res.body;
    expect(text).toMatch(/appdesk_http_requests_total\{method="GET",route="\/api\/personal\/info",status="200",code="0"\} 1/);
    expect(text).toMatch(/appdesk_http_requests_total\{method="GET",route="\/api\/personal\/info",status="401",code="10004"\} 1/);
    expect(text).toMatch(/appdesk_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/personal\/info"\}/);
    expect(text).toMatch(/appdesk_verification_codes_total\{channel="sms",outcome="sent"\} 1/);
    expect(text).toMatch(/appdesk_push_deliveries_total\{provider="log",outcome="sent"\} 1/);
    expect(text).toMatch(/appdesk_push_queue_depth 0/);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
  });
});
