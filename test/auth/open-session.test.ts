/**
 * A session is opened with its first pair atomically, on its own (a login) or inside the
 * caller's transaction (registration); on PostgreSQL as one prepared statement, so a login's
 * writes are one round trip.
 */
import type { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenRepository } from '../../src/modules/auth/token.repository.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { testDialect } from '../helpers/database.js';
import { recordingQueries } from '../helpers/recording-db.js';

let t: TestApp;
let tokens: TokenRepository;
let userId: number;
beforeAll(async () => {
  t = await buildTestApp();
  tokens = new TokenRepository(t.container.database.db);
  const { phone } = await registerUser(t);
  const user = await t.container.database.db.selectFrom('users').select('id').where('username', '=', phone).executeTakeFirstOrThrow();
  userId = user.id;
});
afterAll(() => t.close());

let serial = 0;
function firstPair() {
  serial += 1;
  const now = t.clock.now();
  return {
    appId: '',
    userId,
    accessKey: `open-access-${serial}-${Math.random()}`,
    refreshKey: `open-refresh-${serial}-${Math.random()}`,
    accessExpiresAt: now + 60_000,
    refreshExpiresAt: now + 120_000,
    now,
  };
}

const sessionsOf = (ua: string) =>
  t.container.database.db.selectFrom('sessions').select(['id', 'user_id', 'ip', 'revoked_at']).where('user_agent', '=', ua).execute();

describe('opening a session', () => {
  it('writes the session, its client clipped to the columns, and its first pair in that session', async () => {
    const ua = `agent-${'x'.repeat(300)}`;
    const pair = firstPair();
    const sessionId = await tokens.openSession(t.container.database.db, { userAgent: ua, ip: '203.0.113.7'.repeat(10) }, pair);
    const [session] = await sessionsOf(ua.slice(0, 255));
    expect(session).toEqual({ id: sessionId, user_id: userId, ip: '203.0.113.7'.repeat(10).slice(0, 64), revoked_at: null });
    const row = await t.container.database.db
      .selectFrom('auth_tokens')
      .select(['session_id', 'user_id', 'app_id', 'refresh_hash', 'access_expires_at', 'refresh_expires_at', 'rotated_at', 'created_at'])
      .where('access_hash', '=', pair.accessKey)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      session_id: sessionId,
      user_id: userId,
      app_id: '',
      refresh_hash: pair.refreshKey,
      access_expires_at: pair.accessExpiresAt,
      refresh_expires_at: pair.refreshExpiresAt,
      rotated_at: null,
      created_at: pair.now,
    });
  });

  it('leaves no session behind when its pair is refused', async () => {
    const taken = firstPair();
    await tokens.openSession(t.container.database.db, { userAgent: 'first', ip: '127.0.0.1' }, taken);
    // The same access key again: the pair's unique index refuses it.
    const ua = `refused-${serial}`;
    await expect(
      tokens.openSession(t.container.database.db, { userAgent: ua, ip: '127.0.0.1' }, { ...firstPair(), accessKey: taken.accessKey }),
    ).rejects.toThrow();
    expect(await sessionsOf(ua)).toEqual([]);
  });

  it('inside the caller’s transaction: rolled back with it', async () => {
    const ua = `rolled-back-${serial}`;
    const pair = firstPair();
    await expect(
      t.container.database.db.transaction().execute(async (trx) => {
        await tokens.openSession(trx, { userAgent: ua, ip: '127.0.0.1' }, pair);
        throw new Error('the caller fails after');
      }),
    ).rejects.toThrow('the caller fails after');
    expect(await sessionsOf(ua)).toEqual([]);
    expect(
      await t.container.database.db.selectFrom('auth_tokens').select('id').where('access_hash', '=', pair.accessKey).execute(),
    ).toEqual([]);
  });

  it('runs prepared statements, the same SQL every time: one on PostgreSQL, two on SQLite', async () => {
    const seen: CompiledQuery[] = [];
    const recording = new TokenRepository(t.container.database.db);
    // Inside a transaction, whose statements the recording sees on either database.
    const open = (userAgent: string) =>
      t.container.database.db
        .transaction()
        .execute((trx) => recording.openSession(recordingQueries(trx, seen), { userAgent, ip: '127.0.0.1' }, firstPair()));
    await open('one');
    const perOpen = seen.length;
    await open('two');
    expect(perOpen).toBe(testDialect === 'postgres' ? 1 : 2);
    expect(seen.slice(perOpen).map((q) => q.sql)).toEqual(seen.slice(0, perOpen).map((q) => q.sql));
  });
});
