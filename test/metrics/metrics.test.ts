import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

/** The value of one series in a Prometheus text exposition, labels matched in any order. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const scrape = async (t: TestApp, token = 'scrape-me') => {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode).toBe(200);
  return res.body;
};

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  let smsHook: Receiver;

  beforeAll(async () => {
    // A real SMS webhook that is out of credit for one number, to see a failed send counted.
    smsHook = await startReceiver((req, res) => {
      res.writeHead(req.body.phone === '13900000402' ? 402 : 200, { 'content-type': 'application/json' }).end('{}');
    });
    t = await buildTestApp({ env: { METRICS_TOKEN: 'scrape-me' } });
  });
  afterAll(async () => {
    await t.close();
    await smsHook.close();
  });

  it('answers 10003 (HTTP 403) without the token, with a wrong one, or with a longer one', async () => {
    for (const authorization of [undefined, 'Bearer wrong', 'Bearer scrape-me-too', 'Basic c2NyYXBlLW1l']) {
      const res = await t.request({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 10003, data: {} });
    }
  });

  it('answers the Prometheus text format with the token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-me' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toMatch(/^# HELP appdesk_http_requests_total /m);
    // Default process metrics come along.
    expect(res.body).toMatch(/^process_cpu_user_seconds_total /m);
    expect(res.body).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('counts requests by route pattern, method, status and code, never by raw URL', async () => {
    const u = await registerUser(t);
    await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) });
    await t.request({ method: 'GET', url: '/api/personal/info', headers: auth('bad') });
    await t.request({ method: 'GET', url: '/api/push/log/987654?secret=1', headers: auth(u.accessToken) });
    await t.request({ method: 'GET', url: '/no/such/path/424242' });
    await t.request({ method: 'GET', url: '/api/no/such/path/424243' });
    const text = await scrape(t);
    const ok = { method: 'GET', route: '/api/personal/info', status: '200', code: '0' };
    expect(sample(text, 'appdesk_http_requests_total', ok)).toBe(1);
    expect(sample(text, 'appdesk_http_requests_total', { ...ok, status: '401', code: '10004' })).toBe(1);
    expect(sample(text, 'appdesk_http_requests_total', { method: 'GET', route: '/api/push/log/:id', code: '10001' })).toBe(1);
    expect(sample(text, 'appdesk_http_requests_total', { method: 'GET', route: 'not_found', status: '404', code: '10002' })).toBe(2);
    expect(text).not.toMatch(/987654|424242|424243|secret|\/api\/\*/);
    // Latency histogram per route: every request lands in the +Inf bucket and in the count.
    expect(sample(text, 'appdesk_http_request_duration_seconds_count', { method: 'GET', route: '/api/personal/info' })).toBe(2);
    expect(sample(text, 'appdesk_http_request_duration_seconds_bucket', { method: 'GET', route: '/api/personal/info', le: '+Inf' })).toBe(
      2,
    );
    expect(
      sample(text, 'appdesk_http_request_duration_seconds_bucket', { method: 'GET', route: '/api/personal/info', le: '0.005' }),
    ).toBeDefined();
  });

  it('leaves reset request series out until they count again, as prom-client does', async () => {
    const u = await registerUser(t);
    await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) });
    t.container.metrics.registry.resetMetrics();
    const reset = await scrape(t);
    const ok = { method: 'GET', route: '/api/personal/info', status: '200', code: '0' };
    expect(sample(reset, 'appdesk_http_requests_total', ok)).toBeUndefined();
    expect(sample(reset, 'appdesk_http_request_duration_seconds_count', { method: 'GET', route: '/api/personal/info' })).toBeUndefined();
    await t.request({ method: 'GET', url: '/api/personal/info', headers: auth(u.accessToken) });
    const again = await scrape(t);
    expect(sample(again, 'appdesk_http_requests_total', ok)).toBe(1);
    expect(sample(again, 'appdesk_http_request_duration_seconds_count', { method: 'GET', route: '/api/personal/info' })).toBe(1);
  });

  it('counts verification codes by channel and outcome', async () => {
    const before = await scrape(t);
    const sentBefore = sample(before, 'appdesk_verification_codes_total', { channel: 'sms', outcome: 'sent' }) ?? 0;
    const phone = '13900000001';
    await t.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: phone } });
    await t.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: phone } });
    await t.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: 'metrics@example.com' } });
    const text = await scrape(t);
    expect(sample(text, 'appdesk_verification_codes_total', { channel: 'sms', outcome: 'sent' })).toBe(sentBefore + 1);
    expect(sample(text, 'appdesk_verification_codes_total', { channel: 'sms', outcome: 'rate_limited' })).toBe(1);
    expect(sample(text, 'appdesk_verification_codes_total', { channel: 'email', outcome: 'sent' })).toBe(1);
  });

  it('counts a provider failure under its error code', async () => {
    const real = await buildTestApp({
      realProviders: true,
      env: { METRICS_TOKEN: 'scrape-me', SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: smsHook.url },
    });
    try {
      const res = await real.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: '13900000402' } });
      expect(res.body.code).toBe(10011);
      const text = await scrape(real);
      expect(sample(text, 'appdesk_verification_codes_total', { channel: 'sms', outcome: '10011' })).toBe(1);
      expect(sample(text, 'appdesk_verification_codes_total', { channel: 'sms', outcome: 'sent' })).toBeUndefined();
    } finally {
      await real.close();
    }
  });

  it('reports the queue depth on each scrape and push deliveries by provider and outcome', async () => {
    const u = await registerUser(t);
    await t.request({
      method: 'POST',
      url: '/api/push/bind',
      headers: auth(u.accessToken),
      payload: { client_id: 'm-1', client_type: 'ios' },
    });
    const admin = await adminToken(t);
    const created = await t.request({
      method: 'POST',
      url: '/admin/api/push',
      headers: auth(admin),
      payload: { push_title: 'x', push_body: 'y', push_scope: 0 },
    });
    expect(created.body.code).toBe(0);
    expect(sample(await scrape(t), 'appdesk_push_queue_depth')).toBe(1);
    await t.container.pushDelivery.deliverDue('test');
    const text = await scrape(t);
    expect(sample(text, 'appdesk_push_queue_depth')).toBe(0);
    expect(sample(text, 'appdesk_push_deliveries_total', { provider: 'log', outcome: 'sent' })).toBe(1);
  });

  it('still answers when the queue depth cannot be read, with NaN for it', async () => {
    const queue = t.container.pushQueue;
    const depth = queue.depth.bind(queue);
    queue.depth = () => Promise.reject(new Error('queue store down'));
    try {
      const text = await scrape(t);
      expect(sample(text, 'appdesk_push_queue_depth')).toBeNaN();
      expect(text).toMatch(/^appdesk_http_requests_total\{/m);
    } finally {
      queue.depth = depth;
    }
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('is open', async () => {
    const t = await buildTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/^# TYPE appdesk_http_requests_total counter/m);
    } finally {
      await t.close();
    }
  });
});
