/**
 * Per-app push settings, stored as JSON in apps.push_config and edited through the admin
 * apps API (validated, masked, sealed and opened by modules/apps/app-settings.service.ts).
 * Which provider serves each client type, plus that provider's credentials.
 * The default app falls back to PUSH_PROVIDER / PUSH_WEBHOOK_URL for what it leaves unset.
 *
 * Shape (every key optional):
 *   { "android_provider": "getui", "ios_provider": "apns", "webhook_url": "https://...",
 *     "getui": {...}, "jpush": {...}, "fcm": {...}, "apns": {...} }
 */
import { PUSH_PROVIDERS, type Config, type PushProviderName } from '../../config.js';

import type { ClientType } from './push.model.js';

export interface PushSettings {
  android_provider?: PushProviderName;
  ios_provider?: PushProviderName;
  webhook_url?: string;
  /** Provider credentials by provider name; their shapes belong to each adapter. */
  getui?: Record<string, unknown>;
  jpush?: Record<string, unknown>;
  fcm?: Record<string, unknown>;
  apns?: Record<string, unknown>;
}

export function isPushProvider(v: unknown): v is PushProviderName {
  return typeof v === 'string' && (PUSH_PROVIDERS as readonly string[]).includes(v);
}

/** The provider that serves `clientType` in this app. */
export function providerFor(appId: string, settings: PushSettings, clientType: ClientType, config: Config): PushProviderName {
  const own = clientType === 'android' ? settings.android_provider : settings.ios_provider;
  if (isPushProvider(own)) return own;
  return appId === '' ? config.pushProvider : 'log';
}

/** The webhook URL of this app, if any. */
export function webhookUrlFor(appId: string, settings: PushSettings, config: Config): string | undefined {
  return settings.webhook_url ?? (appId === '' ? config.pushWebhookUrl : undefined);
}
