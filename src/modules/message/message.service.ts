/** Unread counters and the user's push inbox. */
import type { PushMessageRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { InboxRepository } from './inbox.repository.js';
import type { Counts, UnreadCounts } from './unread-counts.js';

export class MessageService {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly clock: Clock,
    private readonly unread: UnreadCounts,
  ) {}

  /** Visible messages not among `seenPushIds` (distinct ids), and unread replies: exact, usually from memory. */
  counts(appId: string, userId: number, seenPushIds: readonly number[]): Counts | Promise<Counts> {
    return this.unread.counts(appId, userId, seenPushIds);
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
    await this.unread.userChanged(appId, userId);
  }
}
