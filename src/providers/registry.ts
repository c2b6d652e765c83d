/**
 * Every provider this build knows, push and SMS: its settings schema, its secrets and how
 * its sender is built. A new provider is its adapter file and one entry here; validation,
 * masking and encryption of its settings (modules/apps) follow from the entry.
 */
import type { PushProviderName } from '../config.js';
import type { ProviderDefinition, PushProviderDefinition, SmsProviderDefinition } from './provider-definition.js';
import { ApnsPushProvider } from './push/apns-push-provider.js';
import { FcmPushProvider } from './push/fcm-push-provider.js';
import { LogPushProvider } from './push/log-push-provider.js';
import { ApnsCredentials, FcmCredentials, GetuiCredentials, JpushCredentials } from './push/push-credentials.js';
import { WebhookPushProvider } from './push/webhook-push-provider.js';
import { LogSmsSender } from './sms/log-sms-sender.js';
import { AliyunSmsSettings, LogSmsSettings, TencentSmsSettings, TwilioSmsSettings, WebhookSmsSettings } from './sms/sms-credentials.js';
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
  { kind: 'push', name: 'getui', settings: GetuiCredentials, secrets: ['master_secret'] },
  { kind: 'push', name: 'jpush', settings: JpushCredentials, secrets: ['master_secret'] },
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
  { kind: 'sms', name: 'aliyun', settings: AliyunSmsSettings, secrets: ['access_key_secret'] },
  { kind: 'sms', name: 'tencent', settings: TencentSmsSettings, secrets: ['secret_key'] },
  { kind: 'sms', name: 'twilio', settings: TwilioSmsSettings, secrets: ['auth_token'] },
];

export const PUSH_PROVIDER_DEFINITIONS = PROVIDERS.filter(
  (p): p is PushProviderDefinition & { name: PushProviderName } => p.kind === 'push',
);
export const SMS_PROVIDER_DEFINITIONS = PROVIDERS.filter((p): p is SmsProviderDefinition => p.kind === 'sms');

export function smsProviderDefinition(name: string): SmsProviderDefinition | undefined {
  return SMS_PROVIDER_DEFINITIONS.find((p) => p.name === name);
}
