/**
 * sms_config per app (SPEC section 8): each app sends with its own provider and sign name, set
 * through PUT /admin/api/apps/{app_id} (secrets encrypted at rest here); an app with {} uses
 * the environment's provider; a change applies to the next send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, type TestApp } from '../helpers/app.js';
import { startAliyunFake, type AliyunFake } from './fake-aliyun.js';
import { startTencentFake, type TencentFake } from './fake-tencent.js';
import { checkCode, freshMainland, sendCode } from './helpers.js';

let aliyun: AliyunFake;
let tencent: TencentFake;
let t: TestApp;
let root: string;

const aliyunConfig = (signName: string, keyId: string, secret: string) => ({
  provider: 'aliyun',
  access_key_id: keyId,
  access_key_secret: secret,
  sign_name: signName,
  template_code: 'SMS_APP_TEMPLATE',
  endpoint: aliyun.url,
});

async function putSms(appId: string, sms_config: object) {
  const res = await t.request({ method: 'PUT', url: `/admin/api/apps/${appId}`, headers: auth(root), payload: { sms_config } });
  expect(res.body.code).toBe(0);
  return res.body.data as { sms_config: Record<string, unknown> };
}

beforeAll(async () => {
  aliyun = await startAliyunFake({ 'env-key': 'env-secret', 'shop-key': 'shop-secret', 'clinic-key': 'clinic-secret' });
  tencent = await startTencentFake({ AKIDclinic: 'clinic-tencent-secret' });
  t = await buildTestApp({
    realProviders: true,
    env: {
      SMS_PROVIDER: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: 'env-key',
      ALIYUN_SMS_ACCESS_KEY_SECRET: 'env-secret',
      ALIYUN_SMS_SIGN_NAME: 'EnvSign',
      ALIYUN_SMS_TEMPLATE_CODE: 'SMS_ENV_TEMPLATE',
      ALIYUN_SMS_ENDPOINT: aliyun.url,
      APPDESK_ENCRYPTION_KEY: 'a'.repeat(64),
      SMS_TIMEOUT_MS: '10000',
    },
  });
  root = await adminToken(t);
  await createApp(t, 'shop');
  await createApp(t, 'clinic');
  await createApp(t, 'plain');
  expect((await putSms('shop', aliyunConfig('ShopSign', 'shop-key', 'shop-secret'))).sms_config.access_key_secret).toBe('********');
  await putSms('clinic', aliyunConfig('ClinicSign', 'clinic-key', 'clinic-secret'));
});
afterAll(async () => {
  await t.close();
  await aliyun.close();
  await tencent.close();
});

async function signNameOf(appId: string): Promise<string> {
  const phone = freshMainland();
  const res = await sendCode(t, phone, appId);
  expect(res.body.code).toBe(0);
  const sent = aliyun.received.at(-1)!;
  const { code } = JSON.parse(sent.TemplateParam!) as { code: string };
  // The code was stored for that app, and only there.
  expect((await checkCode(t, { ...phone, code }, appId)).body.code).toBe(0);
  return sent.SignName!;
}

describe('sms_config per app', () => {
  it('two apps send with their own sign names and keys', async () => {
    expect(await signNameOf('shop')).toBe('ShopSign');
    expect(aliyun.received.at(-1)).toMatchObject({ AccessKeyId: 'shop-key', TemplateCode: 'SMS_APP_TEMPLATE' });
    expect(await signNameOf('clinic')).toBe('ClinicSign');
    expect(aliyun.received.at(-1)!.AccessKeyId).toBe('clinic-key');
  });

  it('an app with {} and the default app use the environment’s provider', async () => {
    expect(await signNameOf('plain')).toBe('EnvSign');
    expect(aliyun.received.at(-1)).toMatchObject({ AccessKeyId: 'env-key', TemplateCode: 'SMS_ENV_TEMPLATE' });
    expect(await signNameOf('')).toBe('EnvSign');
  });

  it('a change applies to the next send: another sign name, another provider, back to the environment', async () => {
    await putSms('shop', { ...aliyunConfig('ShopSign2', 'shop-key', '********') });
    expect(await signNameOf('shop')).toBe('ShopSign2');

    await putSms('clinic', {
      provider: 'tencent',
      secret_id: 'AKIDclinic',
      secret_key: 'clinic-tencent-secret',
      sdk_app_id: '1400000001',
      sign_name: 'ClinicTencent',
      template_id: '42',
      endpoint: tencent.url,
    });
    const phone = freshMainland();
    expect((await sendCode(t, phone, 'clinic')).body.code).toBe(0);
    expect(tencent.received.at(-1)).toMatchObject({ SignName: 'ClinicTencent', SmsSdkAppId: '1400000001' });

    await putSms('shop', {});
    expect(await signNameOf('shop')).toBe('EnvSign');
  });

  it('an app whose own credentials are refused answers 10013 without touching the others', async () => {
    await putSms('plain', aliyunConfig('PlainSign', 'shop-key', 'wrong-secret'));
    const res = await sendCode(t, freshMainland(), 'plain');
    expect(res.body.code).toBe(10013);
    expect(aliyun.refused.at(-1)).toBe('SignatureDoesNotMatch');
    expect(await signNameOf('')).toBe('EnvSign');
  });

  it('a stored secret this server cannot open (sealed for another app) is 10013, not a crash', async () => {
    await putSms('clinic', aliyunConfig('ClinicSign', 'clinic-key', 'clinic-secret'));
    await createApp(t, 'copy');
    const db = t.container.database.db;
    const { sms_config } = await db.selectFrom('apps').select('sms_config').where('app_id', '=', 'clinic').executeTakeFirstOrThrow();
    expect(sms_config).not.toContain('clinic-secret');
    await db.updateTable('apps').set({ sms_config }).where('app_id', '=', 'copy').execute();
    const res = await sendCode(t, freshMainland(), 'copy');
    expect(res.body.code).toBe(10013);
    expect(res.status).toBe(503);
  });
});
