/**
 * The settings form of each push and SMS provider, checked against the server's own schema
 * (src/providers/*-credentials.ts through the generated document): a provider key added
 * or renamed there is a type error here, so the form cannot drift from what the server takes.
 * Secrets are the keys the provider registry masks; the server answers them as "********".
 */
import type { paths } from '../../api/client.ts';

type AppBody = paths['/admin/api/apps']['post']['requestBody']['content']['application/json'];
export type PushConfig = NonNullable<AppBody['push_config']>;
type SmsChoice = Exclude<NonNullable<AppBody['sms_config']>, Record<string, never>>;
export type PushProvider = Exclude<NonNullable<PushConfig['android_provider']>, ''>;
export type SmsProvider = SmsChoice['provider'];
export type PushSection = 'getui' | 'jpush' | 'fcm' | 'apns';

export interface FieldSpec {
  required?: boolean;
  secret?: boolean;
  /** text by default; url is checked as http(s); multiline is a text area. */
  kind?: 'text' | 'url' | 'multiline' | 'switch';
  max?: number;
}

type Fields<T> = { [K in keyof T]-?: FieldSpec };
type SmsFields<P extends SmsProvider> = Fields<Omit<Extract<SmsChoice, { provider: P }>, 'provider'>>;

export const SECRET_MASK = '********';

const text = { required: true, max: 256 } as const;
const secret = { required: true, secret: true, max: 256 } as const;
const url = { kind: 'url', max: 2048 } as const;

/** Every push provider, in the order of the select (completeness checked by the record). */
export const PUSH_PROVIDERS = Object.keys({
  log: 1,
  webhook: 1,
  getui: 1,
  jpush: 1,
  fcm: 1,
  apns: 1,
} satisfies Record<PushProvider, 1>) as PushProvider[];

export const PUSH_FIELDS: { [S in PushSection]: Fields<NonNullable<PushConfig[S]>> } = {
  getui: { app_id: text, app_key: text, master_secret: secret, base_url: url },
  jpush: { app_key: text, master_secret: secret, base_url: url },
  fcm: { service_account: { required: true, secret: true, kind: 'multiline', max: 16384 }, base_url: url },
  apns: {
    team_id: text,
    key_id: text,
    private_key: { required: true, secret: true, kind: 'multiline', max: 8192 },
    bundle_id: text,
    production: { kind: 'switch' },
    base_url: url,
  },
};

export const SMS_FIELDS: { [P in SmsProvider]: SmsFields<P> } = {
  log: {},
  webhook: { webhook_url: { ...url, required: true } },
  aliyun: { access_key_id: text, access_key_secret: secret, sign_name: text, template_code: text, endpoint: url },
  tencent: {
    secret_id: text,
    secret_key: secret,
    sdk_app_id: text,
    sign_name: text,
    template_id: text,
    region: { max: 64 },
    endpoint: url,
  },
  twilio: { account_sid: text, auth_token: secret, from: { required: true, max: 64 }, base_url: url },
};

export const SMS_PROVIDERS = Object.keys(SMS_FIELDS) as SmsProvider[];

export function isPushSection(p: string | undefined): p is PushSection {
  return p !== undefined && p in PUSH_FIELDS;
}
