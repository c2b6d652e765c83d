/**
 * Every provider this build knows, push and SMS: its settings schema, its secrets and how
 * its sender is built. A new provider is its adapter file and one entry here; validation,
 * masking and encryption of its settings (modules/apps) follow from the entry.
 */
import type { PushProviderName } from '../config.js';
import type { ProviderDefinition, PushProviderDefinition, SmsProviderDefinition } from './provider-definition.js';
import { GetuiPushProvider } from './push/getui-push-provider.js';
import { JpushPushProvider } from './push/jpush-push-provider.js';
import { ApnsPushProvider } from './push/apns-push-provider.js';
import { FcmPushProvider } from './push/fcm-push-provider.js';
import { LogPushProvider } from './push/log-push-provider.js';
import { ApnsCredentials, FcmCredentials, GetuiCredentials, JpushCredentials } from './push/push-credentials.js';
import { WebhookPushProvider } from './push/webhook-push-provider.js';
import { AliyunSmsSender, type AliyunSettings } from './sms/aliyun-sms-sender.js';
import { LogSmsSender } from './sms/log-sms-sender.js';
import { AliyunSmsSettings, LogSmsSettings, TencentSmsSettings, TwilioSmsSettings, WebhookSmsSettings } from './sms/sms-credentials.js';
import { TencentSmsSender, type TencentSettings } from './sms/tencent-sms-sender.js';
import { TwilioSmsSender, type TwilioSettings } from './sms/twilio-sms-sender.js';
import { WebhookSmsSender } from './sms/webhook-sms-sender.js';

export const PROVIDERS: readonly ProviderDefinition[] = [
  // Push. The webhook's URL is push_config.webhook_url (SPEC section 5), not a section.
  { kind: 'push', name: 'log', settings: undefined, secrets: [], create: ({ logger }) => new LogPushProvider(logger) },
  {
    kind: 'push',
    name: 'webhook',
    settings: undefined,
    secrets: [],
    create: ({ config }) => new WebhookPushProvider(config.pushTimeoutMs),
  },
  {
    kind: 'push',
    name: 'getui',
    settings: GetuiCredentials,
    secrets: ['master_secret'],
    create: ({ config }) => new GetuiPushProvider(config.pushTimeoutMs),
  },
  {
    kind: 'push',
    name: 'jpush',
    settings: JpushCredentials,
    secrets: ['master_secret'],
    create: ({ config }) => new JpushPushProvider(config.pushTimeoutMs),
  },
  {
    kind: 'push',
    name: 'fcm',
    settings: FcmCredentials,
    secrets: ['service_account'],
    create: ({ config, clock }) => new FcmPushProvider({ timeoutMs: config.pushTimeoutMs, clock }),
  },
  {
    kind: 'push',
    name: 'apns',
    settings: ApnsCredentials,
    secrets: ['private_key'],
    create: ({ config, clock }) => new ApnsPushProvider({ timeoutMs: config.pushTimeoutMs, clock }),
  },
  // SMS.
  { kind: 'sms', name: 'log', settings: LogSmsSettings, secrets: [], create: ({ logger }) => new LogSmsSender(logger) },
  {
    kind: 'sms',
    name: 'webhook',
    settings: WebhookSmsSettings,
    secrets: [],
    create: ({ config }, s) => new WebhookSmsSender(typeof s.webhook_url === 'string' ? s.webhook_url : '', config.smsTimeoutMs),
  },
  // The real providers' settings were checked against their schema (sms_config) or by loadConfig (environment).
  {
    kind: 'sms',
    name: 'aliyun',
    settings: AliyunSmsSettings,
    secrets: ['access_key_secret'],
    create: ({ config, logger }, s) => new AliyunSmsSender(s as AliyunSettings, config.smsTimeoutMs, logger),
  },
  {
    kind: 'sms',
    name: 'tencent',
    settings: TencentSmsSettings,
    secrets: ['secret_key'],
    create: ({ config, logger }, s) => new TencentSmsSender(s as TencentSettings, config.smsTimeoutMs, logger),
  },
  {
    kind: 'sms',
    name: 'twilio',
    settings: TwilioSmsSettings,
    secrets: ['auth_token'],
    create: ({ config, logger }, s) => new TwilioSmsSender(s as TwilioSettings, config.smsTimeoutMs, logger),
  },
];

export const PUSH_PROVIDER_DEFINITIONS = PROVIDERS.filter(
  (p): p is PushProviderDefinition & { name: PushProviderName } => p.kind === 'push',
);
export const SMS_PROVIDER_DEFINITIONS = PROVIDERS.filter((p): p is SmsProviderDefinition => p.kind === 'sms');

export function smsProviderDefinition(name: string): SmsProviderDefinition | undefined {
  return SMS_PROVIDER_DEFINITIONS.find((p) => p.name === name);
}
