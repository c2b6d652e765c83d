/**
 * The Getui adapter's auth token, driven directly against the local fake with a manual
 * clock: reused until near its expiry, one /auth for batches that start together, one
 * token per set of credentials; and the notification text fitted to Getui's limits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GetuiPushProvider } from '../../src/providers/push/getui-push-provider.js';
import { PushConfigurationError, type PushBatch, type PushContext } from '../../src/providers/push/push-provider.js';
import { FakeGetui } from '../helpers/fake-getui.js';

const CREDS = { appId: 'gtTok01', appKey: 'gtTokKey', masterSecret: 'gtTokSecret' };
let getui: FakeGetui;

const batch = (over: Partial<PushBatch> = {}): PushBatch => ({
  appId: '',
  pushId: 1,
  clientType: 'android',
  clientIds: ['c-1'],
  title: 'T',
  body: 'B',
  ...over,
});
const context = (over: Record<string, unknown> = {}): PushContext => ({
  settings: { getui: { app_id: CREDS.appId, app_key: CREDS.appKey, master_secret: CREDS.masterSecret, base_url: getui.baseUrl, ...over } },
  webhookUrl: undefined,
});

beforeAll(async () => {
  getui = await FakeGetui.start(CREDS);
});
afterAll(() => getui.close());
beforeEach(() => getui.reset());

describe('Getui auth token', () => {
  it('is reused until an hour before it expires, then renewed', async () => {
    let now = Date.now();
    const provider = new GetuiPushProvider(5000, () => now);
    await provider.send(batch(), context());
    now += 22 * 3600_000;
    await provider.send(batch(), context());
    expect(getui.auths).toHaveLength(1);
    // The fake's tokens live 24 h from issue: within the last hour a new one is fetched.
    now += 1.5 * 3600_000;
    await provider.send(batch(), context());
    expect(getui.auths).toHaveLength(2);
  });

  it('batches that start together share one /auth; other credentials get their own token', async () => {
    const provider = new GetuiPushProvider(5000);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => provider.send(batch({ clientIds: [`c-${i}`] }), context())));
    expect(results.every((r) => r.failed.length === 0 && r.invalid.length === 0)).toBe(true);
    expect(getui.auths).toHaveLength(1);
    // A changed secret is other credentials: the fake refuses them, the old token is not used for them.
    await expect(provider.send(batch(), context({ master_secret: 'changed' }))).rejects.toThrow(/refused the credentials/);
    expect(getui.auths).toHaveLength(2);
  });

  it('fits title and body to Getui notification limits (50 and 256 characters)', async () => {
    const provider = new GetuiPushProvider(5000);
    await provider.send(batch({ title: 't'.repeat(60), body: 'b'.repeat(300) }), context());
    const message = getui.calls.find((c) => c.url.endsWith('/push/list/message'))!.body as {
      push_message: { notification: { title: string; body: string } };
    };
    expect([...message.push_message.notification.title]).toHaveLength(50);
    expect(message.push_message.notification.title.endsWith('…')).toBe(true);
    expect([...message.push_message.notification.body]).toHaveLength(256);
  });

  it('missing or unusable settings are a configuration error, before any request', async () => {
    const provider = new GetuiPushProvider(5000);
    for (const settings of [
      {},
      { getui: { app_id: CREDS.appId, app_key: CREDS.appKey } },
      { getui: { ...context().settings.getui, base_url: 'ftp://x' } },
    ]) {
      await expect(provider.send(batch(), { settings, webhookUrl: undefined })).rejects.toBeInstanceOf(PushConfigurationError);
    }
    expect(getui.auths).toHaveLength(0);
  });
});
