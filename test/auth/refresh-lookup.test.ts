/**
 * The refreshes of one event-loop turn find their tokens with one query, on both databases,
 * and each gets its own pair's row: the same row a lookup alone finds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenRepository } from '../../src/modules/auth/token.repository.js';
import { sha256Hex } from '../../src/platform/secrets.js';
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
    const hashes = users.map((u) => sha256Hex(u.refreshToken));

    const alone = new TokenRepository(t.container.database.db);
    const expected = [];
    for (const h of hashes) expected.push(await alone.findByRefreshHash(h));
    expect(alone.refreshes.stats.queries).toBe(30);
    expect(new Set(expected.map((r) => r!.session_id)).size).toBe(30);

    const tokens = new TokenRepository(t.container.database.db);
    const asked = [...hashes, sha256Hex('not a token'), hashes[0]!];
    const found = await Promise.all(asked.map((h) => tokens.findByRefreshHash(h)));
    expect(found).toEqual([...expected, undefined, expected[0]]);
    expect(tokens.refreshes.stats).toEqual({ queries: 1, keys: 31 });
  });
});
