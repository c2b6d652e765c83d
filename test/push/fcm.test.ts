/**
 * FCM HTTP v1 against a local fake of its wire protocol (TLS, HTTP/2): the service-account
 * assertion verified with the account's public key, one token exchange for many sends,
 * the exact message bodies, and each error answer's meaning for bindings and figures.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FcmPushProvider } from '../../src/providers/push/fcm-push-provider.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { startFakeFcm, type FakeFcm } from '../helpers/fake-fcm.js';
import { pushFlow } from '../helpers/push-flow.js';

const CLIENT_EMAIL = 'appdesk@demo-project.iam.gserviceaccount.com';
const PROJECT_ID = 'demo-project';

let t: TestApp;
let fcm: FakeFcm;
let publicKey: KeyObject;
let privatePem: string;
let appSeq = 0;

function serviceAccount(tokenUri = fcm.tokenUri) {
  return {
    type: 'service_account',
    project_id: PROJECT_ID,
    private_key_id: 'key-1',
    private_key: privatePem,
    client_email: CLIENT_EMAIL,
    token_uri: tokenUri,
  };
}

const fcmApp = (sa: unknown = serviceAccount()) =>
  pushFlow(t, `fcm${++appSeq}`, { android_provider: 'fcm', fcm: { service_account: sa, base_url: fcm.url } });

beforeAll(async () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  publicKey = pair.publicKey;
  privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  t = await buildTestApp({ overrides: { delivery: { retryBaseMs: 1 } } });
  fcm = await startFakeFcm({ publicKey, clientEmail: CLIENT_EMAIL, projectId: PROJECT_ID, now: () => t.clock.now() });
});
afterAll(async () => {
  await t.close();
  await fcm.close();
});
beforeEach(() => {
  fcm.sends.length = 0;
  fcm.answer = () => undefined;
  fcm.refuseExchange = undefined;
});

describe('FCM HTTP v1', () => {
  it('exchanges one signed assertion for a token and sends one message per device over one HTTP/2 session', async () => {
    const flow = await fcmApp();
    const ids = Array.from({ length: 30 }, (_, i) => `fcm-token-${i}`);
    await flow.bind(ids, 'android');
    const push = await flow.push('Title', 'Body');
    expect(push).toMatchObject({ push_status: 1, targeted: 30, sent: 30, failed: 0, skipped: 0 });
    expect(fcm.exchanges).toHaveLength(1);
    const [exchange] = fcm.exchanges;
    expect(exchange).toMatchObject({ iat: Math.floor(t.clock.now() / 1000), kid: 'key-1' });
    expect(exchange!.exp - exchange!.iat).toBeLessThanOrEqual(3600);
    expect(fcm.sends.map((s) => s.token).sort()).toEqual([...ids].sort());
    expect(fcm.sends.every((s) => s.httpVersion === '2.0' && s.authorization === 'Bearer ya29.fake-1')).toBe(true);
    expect(fcm.sends[0]!.message).toEqual({ token: fcm.sends[0]!.token, notification: { title: 'Title', body: 'Body' } });
    expect(fcm.sessions).toBe(1);

    // The token serves the next push too, and the service account given as JSON text works alike.
    await flow.push();
    expect(fcm.exchanges).toHaveLength(1);
  });

  it('renews the access token shortly before it expires, not before', async () => {
    const flow = await fcmApp(JSON.stringify(serviceAccount()));
    await flow.bind(['renew-1'], 'android');
    await flow.push();
    const before = fcm.exchanges.length;
    t.clock.advance(30 * 60_000);
    await flow.push();
    expect(fcm.exchanges.length).toBe(before);
    t.clock.advance(26 * 60_000); // 56 minutes into a 60-minute token
    await flow.push();
    expect(fcm.exchanges.length).toBe(before + 1);
  });

  it('removes the bindings of dead tokens and keeps those refused for another reason', async () => {
    const flow = await fcmApp();
    await flow.bind(['ok-1', 'dead-unregistered', 'dead-invalid', 'dead-mismatch', 'bad-payload'], 'android');
    const fcmError = (code: number, status: string, errorCode: string, extra: object[] = []) => ({
      status: code,
      body: {
        error: {
          code,
          message: 'Request contains an invalid argument.',
          status,
          details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }, ...extra],
        },
      },
    });
    fcm.answer = (s) => {
      if (s.token === 'dead-unregistered') return fcmError(404, 'NOT_FOUND', 'UNREGISTERED');
      if (s.token === 'dead-invalid') {
        return fcmError(400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [{ field: 'message.token', description: 'Invalid registration token' }],
          },
        ]);
      }
      if (s.token === 'dead-mismatch') return fcmError(403, 'PERMISSION_DENIED', 'SENDER_ID_MISMATCH');
      if (s.token === 'bad-payload') return fcmError(400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT');
      return undefined;
    };
    const push = await flow.push();
    expect(push).toMatchObject({ push_status: 1, targeted: 5, sent: 1, failed: 4 });
    expect(await flow.bound()).toEqual(['bad-payload', 'ok-1']);
  });

  it('fails the batch and keeps every binding when the credentials are refused (401 after one renewal)', async () => {
    const flow = await fcmApp();
    await flow.bind(['keep-1', 'keep-2'], 'android');
    fcm.answer = () => ({ status: 401, body: { error: { code: 401, message: 'invalid credentials', status: 'UNAUTHENTICATED' } } });
    const exchanges = fcm.exchanges.length;
    const push = await flow.push();
    expect(push).toMatchObject({ push_status: 2, targeted: 2, sent: 0, failed: 2 });
    expect(await flow.bound()).toEqual(['keep-1', 'keep-2']);
    expect(fcm.exchanges.length - exchanges).toBe(1);
  });

  it('fails the batch without sending when the token endpoint refuses the service account', async () => {
    const flow = await fcmApp({ ...serviceAccount(), client_email: 'someone-else@example.com' });
    await flow.bind(['refused-1'], 'android');
    const push = await flow.push();
    expect(push).toMatchObject({ push_status: 2, sent: 0, failed: 1 });
    expect(fcm.sends).toHaveLength(0);
    expect(await flow.bound()).toEqual(['refused-1']);
  });

  it('retries 503 and 429 answers, honouring Retry-After, until the devices accept', async () => {
    const flow = await fcmApp();
    await flow.bind(['r-1', 'r-2', 'r-3'], 'android');
    // Every device unavailable on its first try: the delivery retries the whole batch.
    fcm.answer = (_s, attempt) =>
      attempt === 1 ? { status: 503, body: { error: { code: 503, status: 'UNAVAILABLE' } }, headers: { 'retry-after': '0' } } : undefined;
    expect(await flow.push()).toMatchObject({ push_status: 1, targeted: 3, sent: 3, failed: 0 });
    expect(fcm.sends).toHaveLength(6);

    // One device over quota while the others were accepted: only that one is sent again.
    const more = await fcmApp();
    await more.bind(['q-1', 'q-2', 'q-3'], 'android');
    fcm.sends.length = 0;
    fcm.answer = (s, attempt) =>
      s.token === 'q-2' && attempt === 1
        ? {
            status: 429,
            body: { error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ errorCode: 'QUOTA_EXCEEDED' }] } },
            headers: { 'retry-after': '0' },
          }
        : undefined;
    expect(await more.push()).toMatchObject({ push_status: 1, targeted: 3, sent: 3, failed: 0 });
    expect(fcm.sends.map((s) => s.token).sort()).toEqual(['q-1', 'q-2', 'q-2', 'q-3']);
  });

  it('sends extras as the data of the message', async () => {
    const provider = new FcmPushProvider({ timeoutMs: 5000, clock: t.clock });
    try {
      const result = await provider.send(
        {
          appId: 'x',
          pushId: 1,
          clientType: 'android',
          clientIds: ['d-1'],
          title: 'T',
          body: 'B',
          extras: { deep_link: 'app://news/1', kind: 'news' },
        },
        { settings: { fcm: { service_account: serviceAccount(), base_url: fcm.url } }, webhookUrl: undefined },
      );
      expect(result).toEqual({ invalid: [], failed: [] });
      expect(fcm.sends[0]!.message).toEqual({
        token: 'd-1',
        notification: { title: 'T', body: 'B' },
        data: { deep_link: 'app://news/1', kind: 'news' },
      });
    } finally {
      await provider.close();
    }
  });
});
