/**
 * Per-app settings (SPEC section 8): exactly the providers' declared secrets are masked,
 * wherever they appear (answers, audit), URL credentials too; the mask sent back keeps the
 * stored value; shapes follow the providers' schemas, so depth is bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let root: string;

const req = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.request({ method, url, headers: auth(root), ...(payload ? { payload } : {}) });

const PEM = '-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg-p8-secret\n-----END PRIVATE KEY-----';
const SERVICE_ACCOUNT = {
  type: 'service_account',
  project_id: 'proj-1',
  client_email: 'push@proj-1.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nfcm-private-secret\n-----END PRIVATE KEY-----',
  token_uri: 'https://oauth2.example/token',
};
const PUSH_CONFIG = {
  android_provider: 'fcm',
  ios_provider: 'apns',
  webhook_url: 'https://hook-user:hook-pass@hooks.example/push?access_token=tok-secret&channel=ops',
  getui: { app_id: 'g-app', app_key: 'g-key', master_secret: 'g-master-secret' },
  jpush: { app_key: 'j-key', master_secret: 'j-master-secret', base_url: 'https://api.jpush.example' },
  fcm: { service_account: SERVICE_ACCOUNT },
  apns: { team_id: 'TEAM1', key_id: 'KEY1', private_key: PEM, bundle_id: 'com.example.app', production: false },
};
const SECRETS = ['hook-pass', 'hook-user', 'tok-secret', 'g-master-secret', 'j-master-secret', 'fcm-private-secret', 'p8-secret'];
const MASKED_PUSH = {
  android_provider: 'fcm',
  ios_provider: 'apns',
  webhook_url: 'https://********@hooks.example/push?access_token=********&channel=ops',
  getui: { app_id: 'g-app', app_key: 'g-key', master_secret: '********' },
  jpush: { app_key: 'j-key', master_secret: '********', base_url: 'https://api.jpush.example' },
  fcm: { service_account: '********' },
  apns: { team_id: 'TEAM1', key_id: 'KEY1', private_key: '********', bundle_id: 'com.example.app', production: false },
};

async function rawRow(appId: string) {
  return t.container.database.db.selectFrom('apps').selectAll().where('app_id', '=', appId).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await buildTestApp();
  root = await adminToken(t);
});
afterAll(() => t.close());

describe('push_config secrets', () => {
  it('masks exactly the declared secrets and URL credentials, in answers, lists and audit', async () => {
    const res = await req('POST', '/admin/api/apps', { app_id: 'secrets', name: 'S', push_config: PUSH_CONFIG });
    expect(res.body.code).toBe(0);
    expect(res.body.data.push_config).toEqual(MASKED_PUSH);
    expect((await req('GET', '/admin/api/apps/secrets')).body.data.push_config).toEqual(MASKED_PUSH);
    const list = JSON.stringify((await req('GET', '/admin/api/apps?page_size=100')).body.data);
    const audit = JSON.stringify((await req('GET', '/admin/api/audit?app_id=secrets')).body.data);
    expect(audit).toContain('g-key');
    for (const secret of SECRETS) {
      expect(list).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
    // Senders get them in clear.
    const settings = await t.container.appSettings.push('secrets');
    expect(settings.fcm).toEqual({ service_account: SERVICE_ACCOUNT });
    expect(settings.webhook_url).toBe(PUSH_CONFIG.webhook_url);
  });

  it('masks a service account given as JSON text too', async () => {
    const res = await req('PUT', '/admin/api/apps/secrets', { push_config: { fcm: { service_account: JSON.stringify(SERVICE_ACCOUNT) } } });
    expect(res.body.data.push_config.fcm).toEqual({ service_account: '********' });
  });

  it('keeps every stored secret when the masked answer is sent back whole', async () => {
    await req('PUT', '/admin/api/apps/secrets', { push_config: PUSH_CONFIG });
    const back = await req('PUT', '/admin/api/apps/secrets', {
      push_config: { ...MASKED_PUSH, jpush: { ...MASKED_PUSH.jpush, app_key: 'j-key-2' } },
    });
    expect(back.body.code).toBe(0);
    const settings = await t.container.appSettings.push('secrets');
    expect(settings).toEqual({ ...PUSH_CONFIG, jpush: { ...PUSH_CONFIG.jpush, app_key: 'j-key-2' } });
  });

  it('refuses masked URL credentials on a changed URL, and a mask with nothing stored (10005)', async () => {
    const moved = await req('PUT', '/admin/api/apps/secrets', {
      push_config: { webhook_url: 'https://********@other.example/push?access_token=********&channel=ops' },
    });
    expect(moved.body.code).toBe(10005);
    const nothing = await req('PUT', '/admin/api/apps/_default', { push_config: { jpush: { app_key: 'k', master_secret: '********' } } });
    expect(nothing.body.code).toBe(10005);
  });
});

describe('sms_config', () => {
  it.each([
    [
      { provider: 'aliyun', access_key_id: 'AK1', access_key_secret: 'ali-secret', sign_name: 'S', template_code: 'SMS_1' },
      'access_key_secret',
    ],
    [
      {
        provider: 'tencent',
        secret_id: 'SID',
        secret_key: 'tc-secret',
        sdk_app_id: '1400',
        sign_name: 'S',
        template_id: '1',
        region: 'ap-guangzhou',
      },
      'secret_key',
    ],
    [{ provider: 'twilio', account_sid: 'AC1', auth_token: 'tw-secret', from: '+15550001' }, 'auth_token'],
  ])('stores %j and masks only its secret', async (config, secretKey) => {
    const res = await req('PUT', '/admin/api/apps/secrets', { sms_config: config });
    expect(res.body.code).toBe(0);
    expect(res.body.data.sms_config).toEqual({ ...config, [secretKey]: '********' });
    const secret = (config as Record<string, string>)[secretKey]!;
    expect(JSON.stringify((await req('GET', '/admin/api/audit?app_id=secrets')).body.data)).not.toContain(secret);
    // The mask sent back keeps it.
    await req('PUT', '/admin/api/apps/secrets', { sms_config: res.body.data.sms_config });
    expect(await t.container.appSettings.sms('secrets')).toEqual(config);
  });

  it('masks webhook URL credentials and answers {} for an app with none', async () => {
    const res = await req('PUT', '/admin/api/apps/secrets', {
      sms_config: { provider: 'webhook', webhook_url: 'https://sms.example/send?key=sms-key-1' },
    });
    expect(res.body.data.sms_config).toEqual({ provider: 'webhook', webhook_url: 'https://sms.example/send?key=********' });
    expect((await req('GET', '/admin/api/apps/_default')).body.data.sms_config).toEqual({});
  });
});

describe('shapes', () => {
  it.each([
    [{ push_config: { jpush: { app_key: 'k', master_secret: 's', region: 'cn' } } }, 'unknown provider key'],
    [{ push_config: { apns: { team_id: 'T', key_id: 'K', private_key: 'P', bundle_id: 'b', production: 'yes' } } }, 'wrong type'],
    [{ push_config: { getui: { app_id: 1, app_key: 'k', master_secret: 's' } } }, 'wrong type'],
    [
      { push_config: { fcm: { service_account: { project_id: 'p', client_email: 'e', private_key: 'k', nested: { a: 1 } } } } },
      'nested key file',
    ],
    [{ push_config: { pigeon: {} } }, 'unknown provider'],
    [{ push_config: { webhook_url: 'ftp://x' } }, 'not http'],
    [{ sms_config: { provider: 'pigeon' } }, 'unknown SMS provider'],
    [{ sms_config: { provider: 'twilio', account_sid: 'A', auth_token: 't', from: '+1', region: 'x' } }, 'unknown SMS key'],
    [{ sms_config: { provider: 'aliyun', access_key_id: 'A' } }, 'missing keys'],
    [{ sms_config: { access_key_id: 'A' } }, 'no provider'],
  ])('refuses %j (%s) with 10005', async (payload: object, _why: string) => {
    const res = await req('PUT', '/admin/api/apps/secrets', payload);
    expect(res.body.code).toBe(10005);
  });

  it.each([
    ['a provider section', (deep: string) => `{"push_config":{"getui":{"app_id":${deep}}}}`],
    ['an unknown provider key', (deep: string) => `{"push_config":{"getui":{"x":${deep}}}}`],
    ['the service account', (deep: string) => `{"push_config":{"fcm":{"service_account":{"x":${deep}}}}}`],
    ['sms_config', (deep: string) => `{"sms_config":{"provider":"log","x":${deep}}}`],
  ])('answers a 15,000-level body in %s with 10005, never 500', async (_where, body) => {
    const payload = body('['.repeat(15000) + ']'.repeat(15000));
    expect(payload.length).toBeLessThan(64 * 1024);
    const res = await t.request({
      method: 'PUT',
      url: '/admin/api/apps/secrets',
      headers: { ...auth(root), 'content-type': 'application/json' },
      payload,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
  });

  it('bounds depth in the service itself, whoever calls it', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 15000; i++) deep = [deep];
    for (const input of [
      { push_config: { getui: { x: deep } } },
      { push_config: { x: deep } },
      { sms_config: { provider: 'log', x: deep } },
    ]) {
      await expect(t.container.appSettings.prepare('secrets', input, undefined)).rejects.toThrowError(
        expect.objectContaining({ code: 10005 }),
      );
    }
  });
});

describe('storage without APPDESK_ENCRYPTION_KEY', () => {
  it('keeps working, secrets in clear', async () => {
    const row = await rawRow('secrets');
    expect(row.push_config).toContain('g-master-secret');
  });
});
