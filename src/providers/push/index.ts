/** The push providers this build knows, by name. A new provider is one file and one line here. */
import type { Logger } from 'pino';
import type { Config, PushProviderName } from '../../config.js';
import { LogPushProvider } from './log-push-provider.js';
import type { PushProvider } from './push-provider.js';
import { WebhookPushProvider } from './webhook-push-provider.js';

export type PushProviders = ReadonlyMap<PushProviderName, PushProvider>;

export function createPushProviders(config: Config, logger: Logger): PushProviders {
  const providers: PushProvider[] = [new LogPushProvider(logger), new WebhookPushProvider(config.pushTimeoutMs)];
  return new Map(providers.map((p) => [p.name, p]));
}
