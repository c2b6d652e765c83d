/** Unread counters and the push inbox. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { bindRoutes } from '../../platform/module.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { InboxRepository } from './inbox.repository.js';
import { messageRoutes } from './message.routes.js';
import { MessageService } from './message.service.js';
import type { UnreadCounts } from './unread-counts.js';

export interface MessageModuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  time: TimeFormatter;
  /** Built before the writers that report to it (container.ts); this module reads through it. */
  unread: UnreadCounts;
}

export function createMessageModule(deps: MessageModuleDeps) {
  const inbox = new InboxRepository(deps.db);
  deps.unread.attach(inbox);
  const messages = new MessageService(inbox, deps.clock, deps.unread);
  return { messages, unread: deps.unread, routes: bindRoutes(messageRoutes, { messages, time: deps.time }) };
}
