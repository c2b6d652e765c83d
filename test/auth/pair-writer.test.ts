/**
 * Refreshed pairs are written in groups (one transaction for many refreshes), and a group
 * never changes what a single refresh would do: one winner per spent refresh token, and a
 * row the database refuses fails only its own refresh. Attempts (a refresh whose token is
 * checked by the statements that spend it and write its pair) write exactly for the tokens
 * a refresh would accept, and spend each unspent one once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PairWriter } from '../../src/modules/auth/pair-writer.js';
import { TokenRepository, type NewPair, type RefreshAttempt } from '../../src/modules/auth/token.repository.js';
import { tokenKey } from '../../src/modules/auth/token-key.js';
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

/** The stored pair behind a registered user's refresh token. */
async function tokenRow(refreshToken: string) {
  return t.container.database.db
    .selectFrom('auth_tokens')
    .select(['id', 'app_id', 'session_id', 'user_id', 'rotated_at', 'refresh_expires_at'])
    .where('refresh_hash', '=', tokenKey(refreshToken))
    .executeTakeFirstOrThrow();
}

async function attemptOn(refreshToken: string, change: Partial<RefreshAttempt> = {}): Promise<RefreshAttempt> {
  const row = await tokenRow(refreshToken);
  serial += 1;
  const now = t.clock.now();
  return {
    key: tokenKey(refreshToken),
    appId: row.app_id,
    accessKey: `attempt-access-${serial}-${Math.random()}`,
    refreshKey: `attempt-refresh-${serial}-${Math.random()}`,
    accessExpiresAt: now + 60_000,
    refreshExpiresAt: now + 120_000,
    now,
    graceFrom: now - 10_000,
    ...change,
  };
}

describe('PairWriter.refresh', () => {
  it('writes the pair of every attempt on a live token, in groups, and spends each unspent token once', async () => {
    const writer = new PairWriter(t.container.database.db, tokens, t.clock);
    const [a, b, c] = [await registerUser(t), await registerUser(t), await registerUser(t)];
    const on = [b, ...Array.from({ length: 5 }, () => a), c];
    const attempts = await Promise.all(on.map((u) => attemptOn(u.refreshToken)));
    const outcomes = await Promise.all(attempts.map((x) => writer.refresh(x)));
    expect(outcomes.map((o) => o.written)).toEqual(attempts.map(() => true));
    // The first goes alone at once; the others, five of them on one unspent token, gathered while it was written.
    expect(writer.stats).toEqual({ groups: 2, pairs: 7 });
    const [rowA, rowB, rowC] = [await tokenRow(a.refreshToken), await tokenRow(b.refreshToken), await tokenRow(c.refreshToken)];
    // The first attempt on a token says it spent it; the four others on it, nothing.
    expect(outcomes.map((o) => o.spent)).toEqual([rowB.id, rowA.id, undefined, undefined, undefined, undefined, rowC.id]);
    for (const row of [rowA, rowB, rowC]) expect(row.rotated_at).toBe(t.clock.now());
    // Each new pair holds its own tokens, in the session (and for the user) of the token it replaced.
    for (const [i, x] of attempts.entries()) {
      const pair = await t.container.database.db
        .selectFrom('auth_tokens')
        .select(['session_id', 'user_id', 'refresh_hash'])
        .where('access_hash', '=', x.accessKey)
        .executeTakeFirstOrThrow();
      const replaced = await tokenRow(on[i]!.refreshToken);
      expect(pair).toEqual({ session_id: replaced.session_id, user_id: replaced.user_id, refresh_hash: x.refreshKey });
    }
  });

  it('writes nothing and spends nothing for a token a refresh would refuse', async () => {
    const db = t.container.database.db;
    const writer = new PairWriter(db, tokens, t.clock);
    const users = [];
    for (let i = 0; i < 6; i++) users.push(await registerUser(t));
    const [otherApp, revoked, expired, disabled, spentLongAgo, unknown] = users;
    const revokedRow = await tokenRow(revoked!.refreshToken);
    await db.updateTable('sessions').set({ revoked_at: t.clock.now() }).where('id', '=', revokedRow.session_id).execute();
    const disabledRow = await tokenRow(disabled!.refreshToken);
    await db.updateTable('users').set({ is_active: 0 }).where('id', '=', disabledRow.user_id).execute();
    const spentRow = await tokenRow(spentLongAgo!.refreshToken);
    await db
      .updateTable('auth_tokens')
      .set({ rotated_at: t.clock.now() - 60_000 })
      .where('id', '=', spentRow.id)
      .execute();
    const expiredRow = await tokenRow(expired!.refreshToken);

    const refused = [
      await attemptOn(otherApp!.refreshToken, { appId: 'another-app' }),
      await attemptOn(revoked!.refreshToken),
      await attemptOn(expired!.refreshToken, { now: expiredRow.refresh_expires_at }),
      await attemptOn(disabled!.refreshToken),
      await attemptOn(spentLongAgo!.refreshToken),
      { ...(await attemptOn(unknown!.refreshToken)), key: tokenKey('not a token') },
    ];
    const outcomes = await Promise.all(refused.map((x) => writer.refresh(x)));
    expect(outcomes).toEqual(refused.map(() => ({ written: false })));
    for (const x of refused) expect(await stored(x.accessKey)).toBeUndefined();
    for (const u of [otherApp, revoked, expired, disabled, unknown]) expect((await tokenRow(u!.refreshToken)).rotated_at).toBeNull();
    expect((await tokenRow(spentLongAgo!.refreshToken)).rotated_at).toBe(t.clock.now() - 60_000);
  });

  it('writes for a token spent within its grace, and does not spend it again', async () => {
    const writer = new PairWriter(t.container.database.db, tokens, t.clock);
    const u = await registerUser(t);
    const first = await writer.refresh(await attemptOn(u.refreshToken));
    const spentAt = (await tokenRow(u.refreshToken)).rotated_at;
    t.clock.advance(5_000);
    const again = await attemptOn(u.refreshToken);
    expect(await writer.refresh(again)).toEqual({ written: true });
    expect(first.spent).toBeDefined();
    expect(await stored(again.accessKey)).toBeDefined();
    expect((await tokenRow(u.refreshToken)).rotated_at).toBe(spentAt);
  });

  it("still says which token it spent when the group's pairs could not be written", async () => {
    const writer = new PairWriter(t.container.database.db, tokens, t.clock);
    const [u, v] = [await registerUser(t), await registerUser(t)];
    const taken = await attemptOn(u.refreshToken);
    await writer.refresh(taken);
    // An access key already stored: the unique index refuses the group's INSERT.
    const clash = await attemptOn(v.refreshToken, { accessKey: taken.accessKey });
    const outcome = await writer.refresh(clash);
    expect(outcome).toEqual({ written: false, spent: (await tokenRow(v.refreshToken)).id });
    const written = await t.container.database.db
      .selectFrom('auth_tokens')
      .select('id')
      .where('refresh_hash', '=', clash.refreshKey)
      .execute();
    expect(written).toEqual([]);
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
