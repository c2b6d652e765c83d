/**
 * SMS_PROVIDER=aliyun against a local SendSms that verifies the RPC signature: parameters,
 * phone formats, and each answer mapped to the contract's codes through POST /api/auth/send_code.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { startAliyunFake, type AliyunFake } from './fake-aliyun.js';
import { MAINLAND, UK, checkCode, closedPort, expectFailedSendLeavesNothing, freshMainland, sendCode } from './helpers.js';

const ENV = {
  SMS_PROVIDER: 'aliyun',
  ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI-test-id',
  ALIYUN_SMS_ACCESS_KEY_SECRET: 'aliyun-secret/with+chars=',
  ALIYUN_SMS_SIGN_NAME: '阿里云短信测试',
  ALIYUN_SMS_TEMPLATE_CODE: 'SMS_154950909',
  // Generous, so a busy machine never turns a slow answer into a timeout; the test of
  // timeouts sets its own.
  SMS_TIMEOUT_MS: '10000',
};

let fake: AliyunFake;
let t: TestApp;

beforeAll(async () => {
  fake = await startAliyunFake({ 'LTAI-test-id': ENV.ALIYUN_SMS_ACCESS_KEY_SECRET });
  t = await buildTestApp({ realProviders: true, env: { ...ENV, ALIYUN_SMS_ENDPOINT: fake.url } });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

describe('SMS_PROVIDER=aliyun', () => {
  it('sends a mainland number as its 11 digits, with the sign name, template and code; the code then checks', async () => {
    expect((await sendCode(t, MAINLAND)).body.code).toBe(0);
    const sent = fake.received.at(-1)!;
    expect(sent).toMatchObject({
      Action: 'SendSms',
      PhoneNumbers: '13800138000',
      SignName: '阿里云短信测试',
      TemplateCode: 'SMS_154950909',
      AccessKeyId: 'LTAI-test-id',
    });
    const { code } = JSON.parse(sent.TemplateParam!) as { code: string };
    expect(code).toMatch(/^\d{6}$/);
    expect((await checkCode(t, { ...MAINLAND, code })).body.code).toBe(0);
  });

  it('sends an international number as country code and number without "+"', async () => {
    expect((await sendCode(t, UK)).body.code).toBe(0);
    expect(fake.received.at(-1)!.PhoneNumbers).toBe('447911123456');
  });

  it('out of balance (isv.AMOUNT_NOT_ENOUGH) is 10011', async () => {
    fake.mode = 'no-credit';
    await expectFailedSendLeavesNothing(t, freshMainland(), 10011, 503, () => (fake.mode = 'ok'));
  });

  it('another refusal is 10012', async () => {
    fake.mode = 'refuse';
    await expectFailedSendLeavesNothing(t, freshMainland(), 10012, 502, () => (fake.mode = 'ok'));
  });

  it('no answer within SMS_TIMEOUT_MS is 10013', async () => {
    const short = await buildTestApp({ realProviders: true, env: { ...ENV, ALIYUN_SMS_ENDPOINT: fake.url, SMS_TIMEOUT_MS: '2000' } });
    try {
      fake.mode = 'hang';
      await expectFailedSendLeavesNothing(short, freshMainland(), 10013, 503, () => (fake.mode = 'ok'));
    } finally {
      await short.close();
    }
  });
});

describe('SMS_PROVIDER=aliyun: the log', () => {
  it('carries the provider’s own code and message, which the answer never shows', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const logged = await buildTestApp({ realProviders: true, env: { ...ENV, ALIYUN_SMS_ENDPOINT: fake.url }, overrides: { logger } });
    try {
      fake.mode = 'refuse';
      const res = await sendCode(logged, freshMainland());
      expect(res.body.code).toBe(10012);
      expect(JSON.stringify(res.body)).not.toMatch(/isv\.|签名/);
      const entry = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.provider === 'sms:aliyun');
      expect(entry).toMatchObject({ provider_code: 'isv.SMS_SIGNATURE_ILLEGAL', provider_message: '该账号下找不到对应签名', code: 10012 });
      expect(lines.join('\n')).not.toContain(ENV.ALIYUN_SMS_ACCESS_KEY_SECRET);
    } finally {
      fake.mode = 'ok';
      await logged.close();
    }
  });
});

describe('SMS_PROVIDER=aliyun: refused credentials and no service', () => {
  it.each([
    ['a wrong AccessKey secret (SignatureDoesNotMatch)', { ALIYUN_SMS_ACCESS_KEY_SECRET: 'not-the-secret' }, 'SignatureDoesNotMatch'],
    ['an unknown AccessKey id (InvalidAccessKeyId.NotFound)', { ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI-unknown' }, 'InvalidAccessKeyId.NotFound'],
  ])('%s is 10013', async (_name, env, refusal) => {
    const wrong = await buildTestApp({ realProviders: true, env: { ...ENV, ALIYUN_SMS_ENDPOINT: fake.url, ...env } });
    try {
      const res = await sendCode(wrong, freshMainland());
      expect(res.body.code).toBe(10013);
      expect(res.status).toBe(503);
      expect(fake.refused.at(-1)).toBe(refusal);
    } finally {
      await wrong.close();
    }
  });

  it('a closed port is 10013', async () => {
    const down = await buildTestApp({
      realProviders: true,
      env: { ...ENV, ALIYUN_SMS_ENDPOINT: `http://127.0.0.1:${await closedPort()}` },
    });
    try {
      expect((await sendCode(down, freshMainland())).body.code).toBe(10013);
    } finally {
      await down.close();
    }
  });
});
