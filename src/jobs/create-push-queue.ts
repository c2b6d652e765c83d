/** Picks the push queue: BullMQ in Redis when REDIS_URL is set, else the database itself. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { PushMessageRepository } from '../modules/push/push-message.repository.js';
import type { Clock } from '../platform/clock.js';
import { BullmqPushQueue } from './bullmq-push-queue.js';
import { DbPushQueue } from './db-push-queue.js';
import type { PushQueue } from './push-queue.js';

export function createPushQueue(config: Config, messages: PushMessageRepository, clock: Clock, logger: Logger): PushQueue {
  const due = () => messages.dueIds(clock.now(), 50);
  if (config.redisUrl) {
    const url = new URL(config.redisUrl);
    const connection = {
      host: url.hostname,
      port: url.port ? Number(url.port) : 6379,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
      maxRetriesPerRequest: null,
    };
    return new BullmqPushQueue(connection, config.redisPrefix, logger, due, () => clock.now());
  }
  return new DbPushQueue(messages, logger, due);
}
