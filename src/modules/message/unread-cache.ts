/**
 * What GET /api/message/count needs, in memory: it is read at every app launch and resume,
 * and counting over the inbox and the replies on every call made it the slowest read of
 * the API. It stays exact:
 * - every write that changes a count (a push sent, a message hidden, a reply written or
 *   read, feedback deleted, an account erased) drops what it changes after its commit,
 *   here and, through the invalidation bus, on every other instance (unread-counts.ts);
 * - a load that raced with an invalidation does not store what it read (generation);
 * - while the bus cannot deliver other instances' invalidations, nothing is served.
 *
 * Per app: the ids of its sent messages addressed to everyone (shared by its users). Per
 * user: the sent messages addressed to them alone, those they hid, and their unread reply
 * count. A push is visible when it is in the first or the second and not in the third.
 * Bounded by the ids it holds, oldest entries dropped first.
 */

export interface UserInbox {
  appId: string;
  /** Sent messages addressed to this user by a targeted scope, ascending. */
  targeted: Int32Array;
  /** Messages this user hid from the inbox, ascending. */
  hidden: Int32Array;
  unreadReplies: number;
}

interface UserEntry extends UserInbox {
  /** Messages visible now: the app's broadcasts and the targeted ones, less the hidden ones. */
  visible: number;
  /** The app entry it was counted against (an app invalidation replaces it). */
  broadcasts: AppEntry;
}

interface AppEntry {
  ids: Set<number>;
}

export type InboxInvalidation =
  { kind: 'inbox'; app_id: string; user_id?: number | undefined } | { kind: 'inbox'; app_id?: undefined; user_id?: undefined };

const EMPTY = new Int32Array(0);

export function sortedIds(ids: readonly number[]): Int32Array {
  if (ids.length === 0) return EMPTY;
  return Int32Array.from(ids).sort();
}

function has(sorted: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export class UnreadCache {
  private readonly apps = new Map<string, AppEntry>();
  private readonly users = new Map<number, UserEntry>();
  /** Ids held by user entries (the app lists are few and shared): the memory bound. */
  private weight = 0;
  /** Bumped by every invalidation; a load started before one must not store its result. */
  generation = 0;
  private suspended = false;

  constructor(
    private readonly maxIds = 1_000_000,
    private readonly maxUsers = 100_000,
  ) {}

  get size(): number {
    return this.users.size;
  }

  suspend(): void {
    this.suspended = true;
    this.apply({ kind: 'inbox' });
  }

  resume(): void {
    this.apply({ kind: 'inbox' });
    this.suspended = false;
  }

  /** The app's broadcast ids when known. */
  broadcasts(appId: string): Set<number> | undefined {
    if (this.suspended) return undefined;
    return this.apps.get(appId)?.ids;
  }

  setBroadcasts(appId: string, ids: readonly number[], generation: number): void {
    if (generation !== this.generation || this.suspended) return;
    this.apps.set(appId, { ids: new Set(ids) });
  }

  /**
   * The counts for this user, or undefined when not cached. `seen` are the ids the client
   * has seen (distinct): the push count is the visible messages not among them.
   */
  counts(appId: string, userId: number, seen: readonly number[]): { push_count: number; feedback_count: number } | undefined {
    if (this.suspended) return undefined;
    const e = this.users.get(userId);
    if (!e || e.appId !== appId || this.apps.get(appId) !== e.broadcasts) return undefined;
    let push = e.visible;
    const all = e.broadcasts.ids;
    for (const id of seen) if ((all.has(id) || has(e.targeted, id)) && !has(e.hidden, id)) push -= 1;
    return { push_count: push, feedback_count: e.unreadReplies };
  }

  /** Stores a user's inbox read after `generation` was taken, counted against the app's broadcasts. */
  setUser(userId: number, inbox: UserInbox, generation: number): void {
    if (generation !== this.generation || this.suspended) return;
    const broadcasts = this.apps.get(inbox.appId);
    if (!broadcasts) return;
    let visible = broadcasts.ids.size + inbox.targeted.length;
    for (const id of inbox.hidden) if (broadcasts.ids.has(id) || has(inbox.targeted, id)) visible -= 1;
    this.drop(userId);
    const weight = inbox.targeted.length + inbox.hidden.length + 1;
    while (this.users.size > 0 && (this.weight + weight > this.maxIds || this.users.size >= this.maxUsers)) {
      this.drop(this.users.keys().next().value!);
    }
    this.users.set(userId, { ...inbox, visible, broadcasts });
    this.weight += weight;
  }

  apply(inv: InboxInvalidation): void {
    this.generation += 1;
    if (inv.app_id === undefined) {
      this.apps.clear();
      this.users.clear();
      this.weight = 0;
    } else if (inv.user_id === undefined) {
      // The users' entries of the app were counted against this list: they miss from now on
      // (checked on read) and go when read or pushed out.
      this.apps.delete(inv.app_id);
    } else {
      this.drop(inv.user_id);
    }
  }

  private drop(userId: number): void {
    const e = this.users.get(userId);
    if (!e) return;
    this.users.delete(userId);
    this.weight -= e.targeted.length + e.hidden.length + 1;
  }
}
