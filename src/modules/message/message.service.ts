/** Unread counters and the user's push inbox. */
import type { PushMessageRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { InboxRepository } from './inbox.repository.js';

export class MessageService {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly clock: Clock,
  ) {}

  async counts(appId: string, userId: number, seenPushIds: number[]): Promise<{ push_count: number; feedback_count: number }> {
    const [push_count, feedback_count] = await Promise.all([
      this.inbox.countUnseen(appId, userId, seenPushIds),
      this.inbox.unreadReplies(appId, userId),
    ]);
    return { push_count, feedback_count };
  }

  list(appId: string, userId: number, page: PageRequest) {
    return this.inbox.list(appId, userId, page);
  }

  async get(appId: string, userId: number, id: number): Promise<PushMessageRow> {
    const m = await this.inbox.find(appId, userId, id);
    if (!m) throw notFound('push message');
    return m;
  }

  /** Hides the given messages (or, with none given, every message visible now) from this user's inbox. */
  async delete(appId: string, userId: number, ids: number[]): Promise<void> {
    const targets = await this.inbox.visibleIds(appId, userId, ids.length > 0 ? ids : null);
    await this.inbox.hide(appId, userId, targets, this.clock.now());
  }
}
