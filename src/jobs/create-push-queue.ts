/**
 * Picks the push queue: BullMQ in Redis when REDIS_URL is set, else the database itself.
 * BullMQ and ioredis are loaded only then: tens of MB a process without Redis never needs.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { PushMessageRepository } from '../modules/push/push-message.repository.js';
import type { Clock } from '../platform/clock.js';
import { DbPushQueue } from './db-push-queue.js';
import type { PushQueue } from './push-queue.js';

export async function createPushQueue(config: Config, messages: PushMessageRepository, clock: Clock, logger: Logger): Promise<PushQueue> {
  const due = () => messages.dueIds(clock.now(), 50);
  const { redisUrl } = config;
  if (redisUrl) {
    const [{ BullmqPushQueue }, { createRedis }] = await Promise.all([import('./bullmq-push-queue.js'), import('../platform/redis.js')]);
    return new BullmqPushQueue({
      // Enqueueing fails fast while Redis is away (the sweep delivers later); the worker's
      // connections wait through reconnections, as BullMQ requires.
      connect: (role, blocking) => createRedis(redisUrl, logger, `push-${role}`, blocking ? { forBlocking: true } : { failFast: true }),
      prefix: config.redisPrefix,
      logger,
      due,
      now: () => clock.now(),
    });
  }
  return new DbPushQueue(messages, logger, due);
}
