/**
 * The unread counts of GET /api/message/count, served from UnreadCache, and the one place
 * writers report what they changed. Every writer calls userChanged or appChanged after its
 * commit (never before: a load between an early invalidation and the commit would store
 * the old rows as current); other instances hear it over the invalidation bus.
 */
import { LocalBus, type BusListener, type InvalidationBus } from '../../platform/invalidation-bus.js';
import type { InboxRepository } from './inbox.repository.js';
import { sortedIds, UnreadCache, type InboxInvalidation } from './unread-cache.js';

/** What writers elsewhere (feedback, push delivery, account erasure) call after their commit. */
export interface InboxChanges {
  /** A count of this user changed: a message hidden, a reply written or read, feedback deleted, the account erased. */
  userChanged(appId: string, userId: number): Promise<void>;
  /** The app's sent messages changed (a push finished delivering). */
  appChanged(appId: string): Promise<void>;
}

interface WireInvalidation {
  kind: 'inbox';
  app_id: string | null;
  user_id: number | null;
}

function isInboxInvalidation(m: unknown): m is WireInvalidation {
  if (typeof m !== 'object' || m === null) return false;
  const { kind, app_id, user_id } = m as { kind?: unknown; app_id?: unknown; user_id?: unknown };
  return kind === 'inbox' && (app_id === null || typeof app_id === 'string') && (user_id === null || Number.isSafeInteger(user_id));
}

export interface Counts {
  push_count: number;
  feedback_count: number;
}

export class UnreadCounts implements InboxChanges {
  private repository: InboxRepository | undefined;

  constructor(
    private readonly bus: InvalidationBus = new LocalBus(),
    readonly cache = new UnreadCache(),
  ) {}

  /** The message module hands its repository over once built (writers exist before it). */
  attach(repository: InboxRepository): void {
    this.repository = repository;
  }

  /** From memory without a promise when cached (the launch-time read of every app). */
  counts(appId: string, userId: number, seen: readonly number[]): Counts | Promise<Counts> {
    return this.cache.counts(appId, userId, seen) ?? this.load(appId, userId, seen);
  }

  private async load(appId: string, userId: number, seen: readonly number[]): Promise<Counts> {
    const repo = this.repository;
    if (!repo) throw new Error('UnreadCounts used before attach()');
    const generation = this.cache.generation;
    const [broadcasts, targeted, hidden, unreadReplies] = await Promise.all([
      this.cache.broadcasts(appId) ?? repo.broadcastIds(appId),
      repo.targetedIds(appId, userId),
      repo.hiddenIds(userId),
      repo.unreadReplies(appId, userId),
    ]);
    if (!(broadcasts instanceof Set)) this.cache.setBroadcasts(appId, broadcasts, generation);
    const inbox = { appId, targeted: sortedIds(targeted), hidden: sortedIds(hidden), unreadReplies };
    this.cache.setUser(userId, inbox, generation);
    // Counted from what was just read, whether or not it could be stored.
    const all = broadcasts instanceof Set ? broadcasts : new Set(broadcasts);
    const hiddenSet = new Set(hidden);
    const targetedSet = new Set(targeted);
    const seenSet = new Set(seen);
    let push = 0;
    for (const id of all) if (!hiddenSet.has(id) && !seenSet.has(id)) push += 1;
    for (const id of targetedSet) if (!all.has(id) && !hiddenSet.has(id) && !seenSet.has(id)) push += 1;
    return { push_count: push, feedback_count: unreadReplies };
  }

  userChanged(appId: string, userId: number): Promise<void> {
    return this.changed({ kind: 'inbox', app_id: appId, user_id: userId });
  }

  appChanged(appId: string): Promise<void> {
    return this.changed({ kind: 'inbox', app_id: appId, user_id: null });
  }

  /** Here at once; elsewhere through the bus (a failed publish fails the caller, as revocations do). */
  private async changed(message: WireInvalidation): Promise<void> {
    this.cache.apply(toInvalidation(message));
    await this.bus.publish(message);
  }

  /** What the cache does with other instances' writes (container.ts subscribes it). */
  busListener(): BusListener {
    return {
      message: (message) => {
        if (isInboxInvalidation(message)) this.cache.apply(toInvalidation(message));
      },
      down: () => this.cache.suspend(),
      up: () => this.cache.resume(),
    };
  }
}

function toInvalidation(m: WireInvalidation): InboxInvalidation {
  if (m.app_id === null) return { kind: 'inbox' };
  return { kind: 'inbox', app_id: m.app_id, user_id: m.user_id ?? undefined };
}
