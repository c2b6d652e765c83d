/** Unread counters and the push inbox. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { bindRoutes } from '../../platform/module.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { InboxRepository } from './inbox.repository.js';
import { messageRoutes } from './message.routes.js';
import { MessageService } from './message.service.js';

export interface MessageModuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  time: TimeFormatter;
}

export function createMessageModule(deps: MessageModuleDeps) {
  const messages = new MessageService(new InboxRepository(deps.db), deps.clock);
  return { messages, routes: bindRoutes(messageRoutes, { messages, time: deps.time }) };
}
