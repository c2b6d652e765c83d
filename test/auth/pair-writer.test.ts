/**
 * Refreshed pairs are written in groups (one transaction for many refreshes), and a group
 * never changes what a single refresh would do: one winner per spent refresh token, and a
 * row the database refuses fails only its own refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PairWriter } from '../../src/modules/auth/pair-writer.js';
import { TokenRepository, type NewPair } from '../../src/modules/auth/token.repository.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let tokens: TokenRepository;
beforeAll(async () => {
  t = await buildTestApp();
  tokens = new TokenRepository(t.container.database.db);
});
afterAll(() => t.close());

let serial = 0;
async function pairOf(phone: string): Promise<{ pair: NewPair; tokenId: number }> {
  const db = t.container.database.db;
  const row = await db
    .selectFrom('auth_tokens as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.session_id', 'a.user_id', 'a.app_id'])
    .where('u.username', '=', phone)
    .orderBy('a.id', 'desc')
    .executeTakeFirstOrThrow();
  serial += 1;
  const now = t.clock.now();
  return {
    tokenId: row.id,
    pair: {
      appId: row.app_id,
      sessionId: row.session_id,
      userId: row.user_id,
      accessKey: `access-${serial}-${Math.random()}`,
      refreshKey: `refresh-${serial}-${Math.random()}`,
      accessExpiresAt: now + 60_000,
      refreshExpiresAt: now + 120_000,
      now,
    },
  };
}

const stored = (hash: string) =>
  t.container.database.db.selectFrom('auth_tokens').select('id').where('access_hash', '=', hash).executeTakeFirst();

describe('PairWriter', () => {
  it('writes pairs that arrive together in fewer transactions than pairs, every one of them', async () => {
    const writer = new PairWriter(t.container.database.db, tokens, t.clock);
    const u = await registerUser(t);
    const pairs = await Promise.all(Array.from({ length: 40 }, () => pairOf(u.phone)));
    const results = await Promise.all(pairs.map(({ pair }) => writer.write(pair)));
    expect(results).toEqual(pairs.map(() => true));
    expect(writer.stats.pairs).toBe(40);
    // The first goes alone at once; the others gathered while it was written.
    expect(writer.stats.groups).toBeLessThan(40);
    for (const { pair } of pairs) expect(await stored(pair.accessKey)).toBeDefined();
  });

  it('lets one of several refreshes spending the same token win, in one group and across groups', async () => {
    const writer = new PairWriter(t.container.database.db, tokens, t.clock);
    const u = await registerUser(t);
    const contenders = await Promise.all(Array.from({ length: 12 }, () => pairOf(u.phone)));
    const tokenId = contenders[0]!.tokenId;
    const results = await Promise.all(contenders.map(({ pair }) => writer.write(pair, tokenId)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = contenders[results.indexOf(true)]!.pair;
    expect(await stored(winner.accessKey)).toBeDefined();
    for (const [i, { pair }] of contenders.entries()) if (!results[i]) expect(await stored(pair.accessKey)).toBeUndefined();
    const spent = await t.container.database.db
      .selectFrom('auth_tokens')
      .select('rotated_at')
      .where('id', '=', tokenId)
      .executeTakeFirstOrThrow();
    expect(spent.rotated_at).not.toBeNull();
  });

  it('fails only the refresh whose row is refused; the others of its group are written', async () => {
    const writer = new PairWriter(t.container.database.db, tokens, t.clock);
    const u = await registerUser(t);
    const first = await pairOf(u.phone);
    await writer.write(first.pair);
    const others = await Promise.all(Array.from({ length: 6 }, () => pairOf(u.phone)));
    // Same access hash as a stored pair: the unique index refuses it.
    const clash = { ...others[3]!.pair, accessKey: first.pair.accessKey };
    const settled = await Promise.allSettled(others.map(({ pair }, i) => writer.write(i === 3 ? clash : pair)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    for (const [i, { pair }] of others.entries()) if (i !== 3) expect(await stored(pair.accessKey)).toBeDefined();
  });
});

describe('refresh under a burst', () => {
  it('50 refreshes of 50 sessions at once: every new pair works, every old access token stops', async () => {
    // registerUser moves the test clock: one after another.
    const users = [];
    for (let i = 0; i < 50; i++) users.push(await registerUser(t));
    const answers = await Promise.all(
      users.map((u) => t.request({ method: 'POST', url: '/api/auth/refresh_token', payload: { refresh_token: u.refreshToken } })),
    );
    expect(answers.map((a) => a.body.code)).toEqual(users.map(() => 0));
    const info = (token: string) => t.request({ method: 'GET', url: '/api/personal/info', headers: { authorization: `Token ${token}` } });
    const fresh = await Promise.all(answers.map((a) => info(a.body.data.access_token)));
    expect(fresh.map((a) => a.body.code)).toEqual(users.map(() => 0));
    const old = await Promise.all(users.map((u) => info(u.accessToken)));
    expect(old.map((a) => a.body.code)).toEqual(users.map(() => 10004));
  });
});
