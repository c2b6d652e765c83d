/**
 * SMS_PROVIDER=twilio against a local Messages resource that checks basic auth: the form
 * (To in E.164, From or MessagingServiceSid, the text with the code), and each answer mapped
 * to the contract's codes through POST /api/auth/send_code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { startTwilioFake, type TwilioFake } from './fake-twilio.js';
import { MAINLAND, UK, checkCode, closedPort, expectFailedSendLeavesNothing, freshMainland, sendCode } from './helpers.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const SERVICE = 'MG0123456789abcdef0123456789abcdef';
const ENV = {
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: SID,
  TWILIO_AUTH_TOKEN: 'twilio-auth-token',
  TWILIO_FROM: '+15005550006',
  // Generous, so a busy machine never turns a slow answer into a timeout; the test of
  // timeouts sets its own.
  SMS_TIMEOUT_MS: '10000',
};

let fake: TwilioFake;
let t: TestApp;

beforeAll(async () => {
  fake = await startTwilioFake({ [SID]: ENV.TWILIO_AUTH_TOKEN });
  t = await buildTestApp({ realProviders: true, env: { ...ENV, TWILIO_BASE_URL: fake.url } });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

async function withApp(env: Record<string, string>, fn: (app: TestApp) => Promise<void>) {
  const app = await buildTestApp({ realProviders: true, env: { ...ENV, TWILIO_BASE_URL: fake.url, ...env } });
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

describe('SMS_PROVIDER=twilio', () => {
  it('sends To in E.164 from the number, the text carrying the code; the code then checks', async () => {
    expect((await sendCode(t, MAINLAND)).body.code).toBe(0);
    const { accountSid, form } = fake.received.at(-1)!;
    expect(accountSid).toBe(SID);
    expect(form).toMatchObject({ To: '+8613800138000', From: '+15005550006' });
    expect(form.MessagingServiceSid).toBeUndefined();
    const code = /\b(\d{6})\b/.exec(form.Body ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect((await checkCode(t, { ...MAINLAND, code })).body.code).toBe(0);
  });

  it('sends an international number in E.164', async () => {
    expect((await sendCode(t, UK)).body.code).toBe(0);
    expect(fake.received.at(-1)!.form.To).toBe('+447911123456');
  });

  it('sends through a Messaging Service when TWILIO_FROM is its SID (MG…)', () =>
    withApp({ TWILIO_FROM: SERVICE }, async (app) => {
      expect((await sendCode(app, freshMainland())).body.code).toBe(0);
      const { form } = fake.received.at(-1)!;
      expect(form.MessagingServiceSid).toBe(SERVICE);
      expect(form.From).toBeUndefined();
    }));

  it('account not active (20005) is 10011', async () => {
    fake.mode = 'no-credit';
    await expectFailedSendLeavesNothing(t, freshMainland(), 10011, 503, () => (fake.mode = 'ok'));
  });

  it('another refusal is 10012', async () => {
    fake.mode = 'refuse';
    await expectFailedSendLeavesNothing(t, freshMainland(), 10012, 502, () => (fake.mode = 'ok'));
  });

  it('no answer within SMS_TIMEOUT_MS is 10013', async () => {
    const short = await buildTestApp({ realProviders: true, env: { ...ENV, TWILIO_BASE_URL: fake.url, SMS_TIMEOUT_MS: '2000' } });
    try {
      fake.mode = 'hang';
      await expectFailedSendLeavesNothing(short, freshMainland(), 10013, 503, () => (fake.mode = 'ok'));
    } finally {
      await short.close();
    }
  });

  it.each([
    ['a wrong Auth Token', { TWILIO_AUTH_TOKEN: 'not-the-token' }],
    ['an unknown Account SID', { TWILIO_ACCOUNT_SID: 'ACffffffffffffffffffffffffffffffff' }],
  ])('%s (401, 20003) is 10013', (_name, env) =>
    withApp(env, async (app) => {
      const res = await sendCode(app, freshMainland());
      expect(res.body.code).toBe(10013);
      expect(res.status).toBe(503);
      expect(fake.refused.at(-1)).toBe(20003);
    }),
  );

  it('a closed port is 10013', async () =>
    withApp({ TWILIO_BASE_URL: `http://127.0.0.1:${await closedPort()}` }, async (app) => {
      expect((await sendCode(app, freshMainland())).body.code).toBe(10013);
    }));
});
