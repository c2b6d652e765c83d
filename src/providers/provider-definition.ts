/**
 * What a provider declares about itself, so that one registry (registry.ts) drives the
 * validation, masking and encryption of per-app settings and the building of senders.
 */
import type { TObject } from 'typebox';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock } from '../platform/clock.js';
import type { PushProvider } from './push/push-provider.js';
import type { SmsSender } from './sms/sms-sender.js';

export type ProviderKind = 'push' | 'sms';

export interface ProviderDeps {
  config: Config;
  logger: Logger;
  /** The container's clock, so that token lifetimes follow a test's manual clock (default: the system's). */
  clock?: Clock;
}

interface Definition<Kind extends ProviderKind> {
  readonly name: string;
  readonly kind: Kind;
  /**
   * The provider's own settings, every object closed (additionalProperties: false), which
   * also bounds their depth: a push provider's section of push_config (`push_config[name]`;
   * none when undefined), an SMS provider's keys of sms_config beside `provider`.
   */
  readonly settings: TObject | undefined;
  /** Keys of `settings` whose values (whole, even objects) are secret: masked, encrypted at rest. */
  readonly secrets: readonly string[];
}

/** Push senders serve every app; each send() carries its app's settings. close() is the sender's own. */
export interface PushProviderDefinition extends Definition<'push'> {
  /** Absent while the provider is declared (configurable) but its adapter is not built yet. */
  readonly create?: (deps: ProviderDeps) => PushProvider;
}

/** An SMS sender is built for one set of settings (the environment's, or an app's). */
export interface SmsProviderDefinition extends Definition<'sms'> {
  readonly create?: (deps: ProviderDeps, settings: Record<string, unknown>) => SmsSender;
}

export type ProviderDefinition = PushProviderDefinition | SmsProviderDefinition;
