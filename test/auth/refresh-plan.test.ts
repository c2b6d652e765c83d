/**
 * The statements of a group of refresh attempts read auth_tokens only through the index of
 * the keys they present, on both databases, before and after the tables have statistics.
 * Joined to sessions and users, PostgreSQL's plan started from the one unrevoked session it
 * expected and read every pair of it, and an UPDATE by `id in (...)` read every unspent
 * pair: a refresh fifteen times slower, which only a benchmark showed.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgres } from '../../src/db/dialect.js';
import type { Database } from '../../src/db/tables.js';
import { TokenRepository } from '../../src/modules/auth/token.repository.js';
import { tokenKey } from '../../src/modules/auth/token-key.js';
import { buildTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { recordingQueries } from '../helpers/recording-db.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function plan(db: Kysely<Database>, q: CompiledQuery): Promise<string> {
  const prefix = isPostgres(db) ? 'explain ' : 'explain query plan ';
  const rows = (await db.executeQuery(CompiledQuery.raw(prefix + q.sql, [...q.parameters]))).rows as Record<string, unknown>[];
  return rows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n');
}

describe('the statements of refresh attempts', () => {
  it('find the presented tokens by their index, in a session holding thousands of unspent pairs', async () => {
    const db = t.container.database.db;
    const u = await registerUser(t);
    const key = tokenKey(u.refreshToken);
    const row = await db.selectFrom('auth_tokens').selectAll().where('refresh_hash', '=', key).executeTakeFirstOrThrow();
    const now = t.clock.now();
    const filler = Array.from({ length: 3000 }, (_, i) => ({
      app_id: row.app_id,
      session_id: row.session_id,
      user_id: row.user_id,
      access_hash: `plan-access-${i}`,
      refresh_hash: `plan-refresh-${i}`,
      access_expires_at: now + 60_000,
      refresh_expires_at: now + 120_000,
      rotated_at: null,
      created_at: now,
    }));
    for (let i = 0; i < filler.length; i += 500)
      await db
        .insertInto('auth_tokens')
        .values(filler.slice(i, i + 500))
        .execute();

    const seen: CompiledQuery[] = [];
    const attempts = Array.from({ length: 3 }, (_, i) => ({
      key,
      appId: row.app_id,
      accessKey: `plan-new-access-${i}`,
      refreshKey: `plan-new-refresh-${i}`,
      accessExpiresAt: now + 60_000,
      refreshExpiresAt: now + 120_000,
      now,
      graceFrom: now - 10_000,
    }));
    const recorded = recordingQueries(db, seen);
    const [spent, inserted] = await new TokenRepository(recorded).refreshGroup(recorded, attempts, now);
    expect(spent).toEqual({ status: 'fulfilled', value: [{ id: row.id, refresh_hash: key }] });
    expect(inserted.status).toBe('fulfilled');
    expect(seen).toHaveLength(2);

    for (const withStatistics of [false, true]) {
      if (withStatistics) await db.executeQuery(CompiledQuery.raw(isPostgres(db) ? 'analyze auth_tokens, sessions, users' : 'analyze'));
      for (const q of seen) {
        const text = await plan(db, q);
        if (isPostgres(db)) {
          expect(text).toContain('auth_tokens_refresh_hash_key');
          expect(text).not.toMatch(/Seq Scan on auth_tokens|auth_tokens_session_idx/);
        } else {
          expect(text).toMatch(/SEARCH t USING INDEX \S+ \(refresh_hash=\?\)/);
          expect(text).not.toMatch(/SCAN (t|auth_tokens)\b/);
        }
      }
    }
  });
});
