/**
 * SMS_PROVIDER=tencent against a local SendSms that verifies TC3-HMAC-SHA256: parameters,
 * E.164 numbers, and each answer (the request's error or the number's own status) mapped to
 * the contract's codes through POST /api/auth/send_code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { startTencentFake, type TencentFake } from './fake-tencent.js';
import { MAINLAND, UK, checkCode, closedPort, expectFailedSendLeavesNothing, freshMainland, sendCode } from './helpers.js';

const ENV = {
  SMS_PROVIDER: 'tencent',
  TENCENT_SMS_SECRET_ID: 'AKIDtestsecretid',
  TENCENT_SMS_SECRET_KEY: 'tencent-secret-key',
  TENCENT_SMS_SDK_APP_ID: '1400006666',
  TENCENT_SMS_SIGN_NAME: '腾讯云',
  TENCENT_SMS_TEMPLATE_ID: '1110',
  // Generous, so a busy machine never turns a slow answer into a timeout; the test of
  // timeouts sets its own.
  SMS_TIMEOUT_MS: '10000',
};

let fake: TencentFake;
let t: TestApp;

beforeAll(async () => {
  fake = await startTencentFake({ AKIDtestsecretid: ENV.TENCENT_SMS_SECRET_KEY });
  t = await buildTestApp({ realProviders: true, env: { ...ENV, TENCENT_SMS_ENDPOINT: fake.url } });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

describe('SMS_PROVIDER=tencent', () => {
  it('sends +86 numbers with the SdkAppId, sign name, template and code, in the default region; the code then checks', async () => {
    expect((await sendCode(t, MAINLAND)).body.code).toBe(0);
    const sent = fake.received.at(-1)!;
    expect(sent).toMatchObject({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400006666',
      SignName: '腾讯云',
      TemplateId: '1110',
      region: 'ap-guangzhou',
    });
    const [code = ''] = sent.TemplateParamSet;
    expect(code).toMatch(/^\d{6}$/);
    expect((await checkCode(t, { ...MAINLAND, code })).body.code).toBe(0);
  });

  it('sends an international number in E.164', async () => {
    expect((await sendCode(t, UK)).body.code).toBe(0);
    expect(fake.received.at(-1)!.PhoneNumberSet).toEqual(['+447911123456']);
  });

  it.each([
    ['the request’s error', 'no-credit'],
    ['the number’s own status', 'no-credit-status'],
  ] as const)('out of balance as %s is 10011', async (_name, mode) => {
    fake.mode = mode;
    await expectFailedSendLeavesNothing(t, freshMainland(), 10011, 503, () => (fake.mode = 'ok'));
  });

  it('another refusal is 10012', async () => {
    fake.mode = 'refuse';
    await expectFailedSendLeavesNothing(t, freshMainland(), 10012, 502, () => (fake.mode = 'ok'));
  });

  it('no answer within SMS_TIMEOUT_MS is 10013', async () => {
    const short = await buildTestApp({ realProviders: true, env: { ...ENV, TENCENT_SMS_ENDPOINT: fake.url, SMS_TIMEOUT_MS: '2000' } });
    try {
      fake.mode = 'hang';
      await expectFailedSendLeavesNothing(short, freshMainland(), 10013, 503, () => (fake.mode = 'ok'));
    } finally {
      await short.close();
    }
  });
});

describe('SMS_PROVIDER=tencent: configuration', () => {
  async function withApp(env: Record<string, string>, fn: (app: TestApp) => Promise<void>) {
    const app = await buildTestApp({ realProviders: true, env: { ...ENV, TENCENT_SMS_ENDPOINT: fake.url, ...env } });
    try {
      await fn(app);
    } finally {
      await app.close();
    }
  }

  it('takes TENCENT_SMS_REGION', () =>
    withApp({ TENCENT_SMS_REGION: 'ap-beijing' }, async (app) => {
      expect((await sendCode(app, freshMainland())).body.code).toBe(0);
      expect(fake.received.at(-1)!.region).toBe('ap-beijing');
    }));

  it.each([
    ['a wrong SecretKey (AuthFailure.SignatureFailure)', { TENCENT_SMS_SECRET_KEY: 'not-the-key' }, 'AuthFailure.SignatureFailure'],
    ['an unknown SecretId (AuthFailure.SecretIdNotFound)', { TENCENT_SMS_SECRET_ID: 'AKIDunknown' }, 'AuthFailure.SecretIdNotFound'],
  ])('%s is 10013', (_name, env, refusal) =>
    withApp(env, async (app) => {
      const res = await sendCode(app, freshMainland());
      expect(res.body.code).toBe(10013);
      expect(res.status).toBe(503);
      expect(fake.refused.at(-1)).toBe(refusal);
    }),
  );

  it('a closed port is 10013', async () =>
    withApp({ TENCENT_SMS_ENDPOINT: `http://127.0.0.1:${await closedPort()}` }, async (app) => {
      expect((await sendCode(app, freshMainland())).body.code).toBe(10013);
    }));
});
