/**
 * A push provider delivers one batch of device ids of one client type. Whatever it neither
 * lists as invalid (dead devices: their bindings are removed) nor as failed counts as sent.
 * Throwing RetryablePushError asks the delivery to try the batch again later (429, 5xx,
 * timeouts); PushConfigurationError (credentials or topic refused) fails the batch without
 * touching bindings and is logged once per message for the operator; any other throw fails
 * the whole batch.
 */
import type { PushProviderName } from '../../config.js';
import type { ClientType } from '../../modules/push/push.model.js';
import type { PushSettings } from '../../modules/push/push-settings.js';

export interface PushBatch {
  appId: string;
  pushId: number;
  clientType: ClientType;
  clientIds: string[];
  title: string;
  body: string;
  /** POST /admin/api/push `extras`: delivered as the provider's custom data. */
  extras?: Record<string, string>;
}

export interface PushContext {
  settings: PushSettings;
  webhookUrl: string | undefined;
}

export interface PushResult {
  invalid: string[];
  failed: string[];
}

export interface PushProvider {
  readonly name: PushProviderName;
  /** Most device ids one send() takes. */
  readonly maxBatch: number;
  send(batch: PushBatch, context: PushContext): Promise<PushResult>;
  /** Releases connections (HTTP/2 sessions, pools) at shutdown. */
  close?(): Promise<void> | void;
}

/** The provider refused our configuration (bad credentials, bad topic): no retry, no binding touched. */
export class PushConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushConfigurationError';
  }
}

export class RetryablePushError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryablePushError';
  }
}
