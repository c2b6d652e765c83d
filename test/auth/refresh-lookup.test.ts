/**
 * The refreshes of one event-loop turn find their tokens with one query, on both databases,
 * and each gets its own pair's row: the same row a lookup alone finds.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/tables.js';
import { TokenRepository } from '../../src/modules/auth/token.repository.js';
import { tokenKey } from '../../src/modules/auth/token-key.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('refresh token lookup', () => {
  it('finds the tokens of 30 refreshes of one turn with one query, each its own row, unknown ones none', async () => {
    const users = [];
    for (let i = 0; i < 30; i++) users.push(await registerUser(t));
    const keys = users.map((u) => tokenKey(u.refreshToken));

    const alone = new TokenRepository(t.container.database.db);
    const expected = [];
    for (const k of keys) expected.push(await alone.findByRefreshKey(k));
    expect(alone.refreshes.stats.queries).toBe(30);
    expect(new Set(expected.map((r) => r!.session_id)).size).toBe(30);

    const tokens = new TokenRepository(t.container.database.db);
    const asked = [...keys, tokenKey('not a token'), keys[0]!];
    const found = await Promise.all(asked.map((k) => tokens.findByRefreshKey(k)));
    expect(found).toEqual([...expected, undefined, expected[0]]);
    // The unknown one is looked for again under its legacy key (token-key.ts), alone.
    expect(tokens.refreshes.stats).toEqual({ queries: 2, keys: 32 });
  });

  it('runs the same SQL for a batch of 3 keys and one of 7: one statement prepared, whatever the length', async () => {
    const users = [];
    for (let i = 0; i < 7; i++) users.push(await registerUser(t));
    const keys = users.map((u) => tokenKey(u.refreshToken));
    const seen: string[] = [];
    const tokens = new TokenRepository(recordingSql(t.container.database.db, seen));

    const three = await Promise.all(keys.slice(0, 3).map((k) => tokens.findByRefreshKey(k)));
    const seven = await Promise.all(keys.map((k) => tokens.findByRefreshKey(k)));

    expect(three.map((r) => r!.refresh_hash)).toEqual(keys.slice(0, 3));
    expect(seven.map((r) => r!.refresh_hash)).toEqual(keys);
    expect(tokens.refreshes.stats).toEqual({ queries: 2, keys: 10 });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
  });
});

/**
 * `db`, recording the SQL of every query handed to it already compiled (prepared.ts): a query
 * Kysely builds at each call runs through its own executor, is not recorded, and so fails
 * the count above as surely as a second SQL text would fail the comparison.
 */
function recordingSql(db: Kysely<Database>, seen: string[]): Kysely<Database> {
  return new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === 'executeQuery') {
        return (query: { sql: string }, ...rest: unknown[]) => {
          seen.push(query.sql);
          return target.executeQuery(query as Parameters<typeof target.executeQuery>[0], ...(rest as []));
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
