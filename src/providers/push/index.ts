/** The push senders this build has adapters for, by name (from the provider registry). */
import type { Logger } from 'pino';
import type { Config, PushProviderName } from '../../config.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { PUSH_PROVIDER_DEFINITIONS } from '../registry.js';
import type { PushProvider } from './push-provider.js';

export type PushProviders = ReadonlyMap<PushProviderName, PushProvider>;

export function createPushProviders(config: Config, logger: Logger, clock: Clock = systemClock): PushProviders {
  const providers = new Map<PushProviderName, PushProvider>();
  for (const d of PUSH_PROVIDER_DEFINITIONS) if (d.create) providers.set(d.name, d.create({ config, logger, clock }));
  return providers;
}

export async function closePushProviders(providers: PushProviders): Promise<void> {
  for (const p of providers.values()) await p.close?.();
}
