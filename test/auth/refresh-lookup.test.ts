/**
 * The refreshes of one event-loop turn find their tokens with one query, on both databases,
 * and each gets its own pair's row: the same row a lookup alone finds.
 */
import type { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenRepository } from '../../src/modules/auth/token.repository.js';
import { tokenKey } from '../../src/modules/auth/token-key.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { recordingQueries } from '../helpers/recording-db.js';

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
    const seen: CompiledQuery[] = [];
    const tokens = new TokenRepository(recordingQueries(t.container.database.db, seen));

    const three = await Promise.all(keys.slice(0, 3).map((k) => tokens.findByRefreshKey(k)));
    const seven = await Promise.all(keys.map((k) => tokens.findByRefreshKey(k)));

    expect(three.map((r) => r!.refresh_hash)).toEqual(keys.slice(0, 3));
    expect(seven.map((r) => r!.refresh_hash)).toEqual(keys);
    expect(tokens.refreshes.stats).toEqual({ queries: 2, keys: 10 });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.sql).toBe(seen[0]!.sql);
  });
});
