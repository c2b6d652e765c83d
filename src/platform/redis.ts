/**
 * Redis connections (REDIS_URL), made one way everywhere: ioredis reads the whole URL
 * (redis:// or rediss://, user, password, db), reconnects forever with a capped backoff,
 * and reports errors to the log instead of crashing the process.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface RedisOptions {
  /**
   * For BullMQ workers: blocking commands, retried across reconnections without a cap
   * (BullMQ requires maxRetriesPerRequest = null).
   */
  forBlocking?: boolean;
  /**
   * For request paths (rate limits, readiness): a command issued while Redis is away fails
   * at once, so requests answer 10000 immediately instead of piling up behind a reconnect.
   */
  failFast?: boolean;
}

const CONNECT_TIMEOUT_MS = 5000;

export function createRedis(url: string, logger: Logger, role: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: options.forBlocking ? null : 3,
    enableOfflineQueue: !options.failFast,
    enableReadyCheck: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    connectionName: `appdesk:${role}`,
  });
  redis.on('error', (err: Error) => logger.warn({ err: err.message, role }, 'redis connection error'));
  return redis;
}

/** Resolves once the connection is ready; after `timeoutMs` gives it up and rejects, naming REDIS_URL. */
export function waitForRedis(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      const err = new Error(`Redis at REDIS_URL did not answer within ${timeoutMs} ms (status ${redis.status})`);
      redis.disconnect();
      reject(err);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
