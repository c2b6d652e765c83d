/**
 * A provider that refuses the app's configuration (credentials, topic): the batch fails at
 * once without retries, no binding is touched, and the operator is told once per message.
 */
import pino from 'pino';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushConfigurationError, type PushBatch, type PushProvider, type PushResult } from '../../src/providers/push/push-provider.js';
import { adminToken, auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

class RefusingProvider implements PushProvider {
  readonly name = 'webhook' as const;
  readonly maxBatch = 2;
  calls = 0;
  send(_batch: PushBatch): Promise<PushResult> {
    this.calls += 1;
    return Promise.reject(new PushConfigurationError('credentials refused (401)'));
  }
}

const lines: { level: number; msg: string; push_id?: number }[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as (typeof lines)[number]);
    done();
  },
});

let t: TestApp;
const provider = new RefusingProvider();
beforeAll(async () => {
  t = await buildTestApp({
    env: { PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: 'http://127.0.0.1:9/unused' },
    overrides: {
      pushProviders: new Map([['webhook', provider]]) as never,
      logger: pino({ level: 'info' }, sink),
      delivery: { retryBaseMs: 1 },
    },
  });
});
afterAll(() => t.close());

describe('a configuration the provider refuses', () => {
  it('fails every batch once, keeps the bindings, and logs one error for the message', async () => {
    const u = await registerUser(t);
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5']) {
      const res = await t.request({
        method: 'POST',
        url: '/api/push/bind',
        headers: auth(u.accessToken),
        payload: { client_id: id, client_type: 'android' },
      });
      expect(res.body.code).toBe(0);
    }
    const admin = await adminToken(t);
    const created = await t.request({
      method: 'POST',
      url: '/admin/api/push',
      headers: auth(admin),
      payload: { push_title: 't', push_body: 'b', push_scope: 0 },
    });
    expect(created.body.code).toBe(0);
    await t.container.pushDelivery.deliverDue('test-worker');
    const push = (await t.request({ method: 'GET', url: `/admin/api/push/${created.body.data.id}`, headers: auth(admin) })).body.data;
    expect(push).toMatchObject({ push_status: 2, targeted: 5, sent: 0, failed: 5, skipped: 0 });
    // Three batches of at most two, one attempt each.
    expect(provider.calls).toBe(3);
    const bound = await t.container.database.db.selectFrom('push_bindings').select('client_id').where('client_id', 'like', 'c_').execute();
    expect(bound).toHaveLength(5);
    const errors = lines.filter((l) => l.level === 50 && l.push_id === created.body.data.id);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toMatch(/refused the app configuration/);
  });
});
