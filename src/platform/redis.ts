/** Redis connections, made one way everywhere: retries forever, never crashes the process. */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function createRedis(url: string, logger: Logger, role: string, options: { forBlocking?: boolean } = {}): Redis {
  const redis = new Redis(url, {
    // BullMQ workers need blocking commands without a retry cap; others fail fast per command.
    maxRetriesPerRequest: options.forBlocking ? null : 3,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    connectionName: `appdesk:${role}`,
  });
  redis.on('error', (err: Error) => logger.warn({ err: err.message, role }, 'redis connection error'));
  return redis;
}
