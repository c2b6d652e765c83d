/** The session cache's own rules: expiry, invalidation kinds, racing lookups, suspension. */
import { describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/db/tables.js';
import { SessionCache, type CachedSession } from '../../src/modules/auth/session-cache.js';

const user = (id: number) => ({ id, is_active: 1 }) as UserRow;
const entry = (userId: number, sessionId: number, tokenId: number, expiresAt = 10_000): CachedSession => ({
  appId: '',
  user: user(userId),
  sessionId,
  tokenId,
  expiresAt,
});

describe('SessionCache', () => {
  it('serves an entry until its token expires', () => {
    const c = new SessionCache();
    c.set('h1', entry(1, 1, 1, 5000), c.generation);
    expect(c.get('h1', 4999)?.tokenId).toBe(1);
    expect(c.get('h1', 5000)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('drops exactly the entries an invalidation names', () => {
    const c = new SessionCache();
    c.set('a', entry(1, 10, 100), c.generation);
    c.set('b', entry(1, 11, 101), c.generation);
    c.set('c', entry(2, 12, 102), c.generation);
    c.apply({ kind: 'token', id: 100 });
    expect([c.get('a', 0), c.get('b', 0)?.tokenId, c.get('c', 0)?.tokenId]).toEqual([undefined, 101, 102]);
    c.apply({ kind: 'session', id: 11 });
    expect(c.get('b', 0)).toBeUndefined();
    c.set('d', entry(2, 13, 103), c.generation);
    c.apply({ kind: 'user', id: 2 });
    expect([c.get('c', 0), c.get('d', 0)]).toEqual([undefined, undefined]);
    expect(c.size).toBe(0);
  });

  it('does not store a lookup that started before an invalidation', () => {
    const c = new SessionCache();
    const started = c.generation;
    c.apply({ kind: 'user', id: 1 });
    c.set('a', entry(1, 1, 1), started);
    expect(c.get('a', 0)).toBeUndefined();
  });

  it('serves and stores nothing while suspended, and starts empty on resume', () => {
    const c = new SessionCache();
    c.set('a', entry(1, 1, 1), c.generation);
    c.suspend();
    expect(c.get('a', 0)).toBeUndefined();
    c.set('b', entry(2, 2, 2), c.generation);
    expect(c.get('b', 0)).toBeUndefined();
    c.resume();
    expect([c.get('a', 0), c.get('b', 0)]).toEqual([undefined, undefined]);
    c.set('c', entry(3, 3, 3), c.generation);
    expect(c.get('c', 0)?.user.id).toBe(3);
  });

  it('keeps at most max entries, dropping the oldest', () => {
    const c = new SessionCache(2);
    for (let i = 1; i <= 3; i++) c.set(`h${i}`, entry(i, i, i), c.generation);
    expect(c.size).toBe(2);
    expect(c.get('h1', 0)).toBeUndefined();
    expect(c.get('h3', 0)?.tokenId).toBe(3);
  });
});
