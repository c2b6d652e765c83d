/**
 * Authenticated access tokens, in memory, so that the lookup every authenticated request
 * makes usually costs a hash and a map read instead of a query. It stays exact:
 * - an entry lives no longer than its token (expiry is checked on every hit);
 * - logout, rotation, reuse detection, disabling or editing a user drop the entries
 *   concerned at once, here and, through the invalidation bus, on every other instance;
 * - a lookup that raced with an invalidation does not store what it read (generation);
 * - while the bus cannot deliver other instances' invalidations, the cache is off.
 * Bounded: past `max` entries the oldest are dropped.
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
  private readonly byHash = new Map<string, CachedSession>();
  private readonly bySession = new Map<number, Set<string>>();
  private readonly byUser = new Map<number, Set<string>>();
  private readonly byToken = new Map<number, string>();
  /** Bumped by every invalidation; a lookup started before one must not store its result. */
  generation = 0;
  /** While invalidations from other instances cannot arrive, nothing is served or stored. */
  private suspended = false;

  constructor(private readonly max = 50_000) {}

  get size(): number {
    return this.byHash.size;
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

  get(hash: string, now: number): CachedSession | undefined {
    if (this.suspended) return undefined;
    const entry = this.byHash.get(hash);
    if (entry && entry.expiresAt <= now) {
      this.delete(hash);
      return undefined;
    }
    return entry;
  }

  set(hash: string, entry: CachedSession, generation: number): void {
    if (generation !== this.generation || this.suspended) return;
    if (this.byHash.size >= this.max) {
      const oldest = this.byHash.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    // Frozen: answers derived from a cached row are kept per row object (personal.routes.ts).
    Object.freeze(entry.user);
    this.byHash.set(hash, entry);
    index(this.bySession, entry.sessionId, hash);
    index(this.byUser, entry.user.id, hash);
    this.byToken.set(entry.tokenId, hash);
  }

  apply(inv: Invalidation): void {
    this.generation += 1;
    switch (inv.kind) {
      case 'all':
        this.byHash.clear();
        this.bySession.clear();
        this.byUser.clear();
        this.byToken.clear();
        return;
      case 'session':
        for (const h of [...(this.bySession.get(inv.id) ?? [])]) this.delete(h);
        return;
      case 'user':
        for (const h of [...(this.byUser.get(inv.id) ?? [])]) this.delete(h);
        return;
      case 'token': {
        const h = this.byToken.get(inv.id);
        if (h) this.delete(h);
        return;
      }
    }
  }

  private delete(hash: string): void {
    const e = this.byHash.get(hash);
    if (!e) return;
    this.byHash.delete(hash);
    unindex(this.bySession, e.sessionId, hash);
    unindex(this.byUser, e.user.id, hash);
    if (this.byToken.get(e.tokenId) === hash) this.byToken.delete(e.tokenId);
  }
}

function index(map: Map<number, Set<string>>, key: number, hash: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(hash);
}

function unindex(map: Map<number, Set<string>>, key: number, hash: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(hash);
  if (set.size === 0) map.delete(key);
}
