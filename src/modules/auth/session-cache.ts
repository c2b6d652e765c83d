/**
 * Authenticated access tokens, in memory, so that the lookup every authenticated request
 * makes usually costs a map read instead of a query. It stays exact:
 * - an entry lives no longer than its token (expiry is checked on every hit);
 * - logout, rotation, reuse detection, disabling or editing a user drop the entries
 *   concerned at once, here and, through the invalidation bus, on every other instance;
 * - a lookup that raced with an invalidation does not store what it read (generation);
 * - while the bus cannot deliver other instances' invalidations, the cache is off.
 * Bounded: past `max` entries the oldest are dropped.
 * Keyed by the access token as presented, so a hit costs no hashing: the tokens stay in this
 * process's memory only, as the requests carrying them do; the database holds only their
 * SHA-256.
 */
import type { UserRow } from '../../db/tables.js';

export interface CachedSession {
  appId: string;
  user: UserRow;
  sessionId: number;
  tokenId: number;
  expiresAt: number;
}

export type Invalidation = { kind: 'session' | 'user' | 'token'; id: number } | { kind: 'all' };

export class SessionCache {
  private readonly byKey = new Map<string, CachedSession>();
  private readonly bySession = new Map<number, Set<string>>();
  private readonly byUser = new Map<number, Set<string>>();
  private readonly byToken = new Map<number, string>();
  /** Bumped by every invalidation; a lookup started before one must not store its result. */
  generation = 0;
  /** While invalidations from other instances cannot arrive, nothing is served or stored. */
  private suspended = false;

  constructor(private readonly max = 50_000) {}

  get size(): number {
    return this.byKey.size;
  }

  /** The invalidation bus is down: forget everything and cache nothing until resume(). */
  suspend(): void {
    this.suspended = true;
    this.apply({ kind: 'all' });
  }

  /** The bus listens again; what was missed meanwhile is unknown, so start empty. */
  resume(): void {
    this.apply({ kind: 'all' });
    this.suspended = false;
  }

  get(key: string, now: number): CachedSession | undefined {
    if (this.suspended) return undefined;
    const entry = this.byKey.get(key);
    if (entry && entry.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, entry: CachedSession, generation: number): void {
    if (generation !== this.generation || this.suspended) return;
    if (this.byKey.size >= this.max) {
      const oldest = this.byKey.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    // Frozen: answers derived from a cached row are kept per row object (personal.routes.ts).
    Object.freeze(entry.user);
    this.byKey.set(key, entry);
    index(this.bySession, entry.sessionId, key);
    index(this.byUser, entry.user.id, key);
    this.byToken.set(entry.tokenId, key);
  }

  apply(inv: Invalidation): void {
    this.generation += 1;
    switch (inv.kind) {
      case 'all':
        this.byKey.clear();
        this.bySession.clear();
        this.byUser.clear();
        this.byToken.clear();
        return;
      case 'session':
        for (const k of [...(this.bySession.get(inv.id) ?? [])]) this.delete(k);
        return;
      case 'user':
        for (const k of [...(this.byUser.get(inv.id) ?? [])]) this.delete(k);
        return;
      case 'token': {
        const h = this.byToken.get(inv.id);
        if (h) this.delete(h);
        return;
      }
    }
  }

  private delete(key: string): void {
    const e = this.byKey.get(key);
    if (!e) return;
    this.byKey.delete(key);
    unindex(this.bySession, e.sessionId, key);
    unindex(this.byUser, e.user.id, key);
    if (this.byToken.get(e.tokenId) === key) this.byToken.delete(e.tokenId);
  }
}

function index(map: Map<number, Set<string>>, id: number, key: string): void {
  let set = map.get(id);
  if (!set) map.set(id, (set = new Set()));
  set.add(key);
}

function unindex(map: Map<number, Set<string>>, id: number, key: string): void {
  const set = map.get(id);
  if (!set) return;
  set.delete(key);
  if (set.size === 0) map.delete(id);
}
