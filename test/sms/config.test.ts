/** SMS_PROVIDER=aliyun|tencent|twilio and their variables (SPEC section 8), checked at start-up. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const ALIYUN = {
  SMS_PROVIDER: 'aliyun',
  ALIYUN_SMS_ACCESS_KEY_ID: 'id',
  ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
  ALIYUN_SMS_SIGN_NAME: 'Sign',
  ALIYUN_SMS_TEMPLATE_CODE: 'SMS_1',
};
const TENCENT = {
  SMS_PROVIDER: 'tencent',
  TENCENT_SMS_SECRET_ID: 'sid',
  TENCENT_SMS_SECRET_KEY: 'skey',
  TENCENT_SMS_SDK_APP_ID: '1400',
  TENCENT_SMS_SIGN_NAME: 'Sign',
  TENCENT_SMS_TEMPLATE_ID: '7',
};
const TWILIO = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'tok', TWILIO_FROM: '+15005550006' };

describe('SMS provider variables', () => {
  it('become the provider’s sms_config keys', () => {
    expect(loadConfig({ ...ALIYUN, ALIYUN_SMS_ENDPOINT: 'https://dysmsapi.example' }).smsSettings).toEqual({
      access_key_id: 'id',
      access_key_secret: 'secret',
      sign_name: 'Sign',
      template_code: 'SMS_1',
      endpoint: 'https://dysmsapi.example',
    });
    expect(loadConfig({ ...TENCENT, TENCENT_SMS_REGION: 'ap-beijing' }).smsSettings).toEqual({
      secret_id: 'sid',
      secret_key: 'skey',
      sdk_app_id: '1400',
      sign_name: 'Sign',
      template_id: '7',
      region: 'ap-beijing',
    });
    expect(loadConfig(TWILIO).smsSettings).toEqual({ account_sid: 'AC1', auth_token: 'tok', from: '+15005550006' });
    expect(loadConfig({}).smsSettings).toEqual({});
  });

  it.each([
    ...Object.keys(ALIYUN)
      .filter((k) => k !== 'SMS_PROVIDER')
      .map((k) => [ALIYUN, k] as const),
    ...Object.keys(TENCENT)
      .filter((k) => k !== 'SMS_PROVIDER')
      .map((k) => [TENCENT, k] as const),
    ...Object.keys(TWILIO)
      .filter((k) => k !== 'SMS_PROVIDER')
      .map((k) => [TWILIO, k] as const),
  ])('%#: without %s the chosen provider stops start-up naming it', (env, missing) => {
    const without = { ...env, [missing]: '' };
    expect(() => loadConfig(without)).toThrowError(ConfigError);
    expect(() => loadConfig(without)).toThrowError(new RegExp(`${missing} is required when SMS_PROVIDER=${env.SMS_PROVIDER}`));
  });

  it.each(['ALIYUN_SMS_ENDPOINT', 'TENCENT_SMS_ENDPOINT', 'TWILIO_BASE_URL'])('%s must be an http(s) URL', (name) => {
    expect(() => loadConfig({ [name]: 'not a url' })).toThrowError(new RegExp(name));
    expect(() => loadConfig({ [name]: 'ftp://sms.example' })).toThrowError(new RegExp(name));
  });

  it('another provider’s variables are not required', () => {
    expect(loadConfig(TWILIO).smsProvider).toBe('twilio');
    expect(loadConfig({}).smsProvider).toBe('log');
  });
});
