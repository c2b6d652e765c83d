import { describe, expect, it } from 'vitest';
import { pushConfigFrom, sectionsInUse, smsConfigFrom, toFormValues } from './settings-form.ts';

const stored = {
  name: 'Shop',
  push_config: {
    android_provider: 'getui',
    ios_provider: 'apns',
    getui: { app_id: 'g1', app_key: 'k1', master_secret: '********' },
    apns: { team_id: 'T', key_id: 'K', private_key: '********', bundle_id: 'com.x', production: true },
    jpush: { app_key: 'old', master_secret: '********' },
  },
  sms_config: { provider: 'twilio', account_sid: 'AC1', auth_token: '********', from: '+1555' },
};

describe('app settings form', () => {
  it('shows stored settings with their masks, and each provider in use once', () => {
    const v = toFormValues(stored);
    expect(v.push.getui).toEqual({ app_id: 'g1', app_key: 'k1', master_secret: '********', base_url: '' });
    expect(v.push.apns?.production).toBe(true);
    expect(v.sms).toEqual({ account_sid: 'AC1', auth_token: '********', from: '+1555', base_url: '' });
    expect(sectionsInUse('fcm', 'fcm')).toEqual(['fcm']);
    expect(sectionsInUse('', 'log')).toEqual([]);
  });

  it('sends masked secrets back unchanged, drops empty optional keys and keeps unused sections', () => {
    const v = toFormValues(stored);
    v.push.getui = { ...v.push.getui, app_key: ' k2 ' };
    const push = pushConfigFrom(v, stored.push_config);
    expect(push).toEqual({
      android_provider: 'getui',
      ios_provider: 'apns',
      getui: { app_id: 'g1', app_key: 'k2', master_secret: '********' },
      apns: { team_id: 'T', key_id: 'K', private_key: '********', bundle_id: 'com.x', production: true },
      jpush: { app_key: 'old', master_secret: '********' },
    });
    expect(smsConfigFrom(v)).toEqual({ provider: 'twilio', account_sid: 'AC1', auth_token: '********', from: '+1555' });
  });

  it('a replaced secret goes out as typed; no SMS provider is the empty config', () => {
    const v = toFormValues(stored);
    v.sms = { ...v.sms, auth_token: 'new-token' };
    expect(smsConfigFrom(v).auth_token).toBe('new-token');
    expect(smsConfigFrom({ ...v, sms_provider: '' })).toEqual({});
  });

  it('an FCM service account stored as an object is edited as its JSON text', () => {
    const v = toFormValues({ name: '', push_config: { fcm: { service_account: { project_id: 'p' } } }, sms_config: {} });
    expect(JSON.parse(v.push.fcm?.service_account as string)).toEqual({ project_id: 'p' });
  });
});
