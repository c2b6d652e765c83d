/** Development default: logs each batch and accepts every device. */
import type { Logger } from 'pino';
import type { PushBatch, PushProvider, PushResult } from './push-provider.js';

export class LogPushProvider implements PushProvider {
  readonly name = 'log';
  readonly maxBatch = 1000;
  constructor(private readonly logger: Logger) {}

  send(batch: PushBatch): Promise<PushResult> {
    this.logger.info(
      {
        provider: 'push:log',
        app_id: batch.appId,
        push_id: batch.pushId,
        client_type: batch.clientType,
        devices: batch.clientIds.length,
        title: batch.title,
      },
      'push not sent (log provider)',
    );
    return Promise.resolve({ invalid: [], failed: [] });
  }
}
