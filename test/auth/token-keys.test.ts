/**
 * Tokens are stored under keys that begin with their issue time (token-key.ts), so that new
 * pairs are appended at the end of the key indexes; pairs stored under the bare hash, as
 * before, keep working until they expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyKeyOf, tokenKey } from '../../src/modules/auth/token-key.js';
import { randomAlphanumeric, sha256Hex } from '../../src/platform/secrets.js';
import { auth, buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ env: { REFRESH_REUSE_GRACE_SECONDS: '10' } });
});
afterAll(() => t.close());

const refresh = (token: string) => t.request({ method: 'POST', url: '/api/auth/refresh_token', payload: { refresh_token: token } });
const info = (token: string) => t.request({ method: 'GET', url: '/api/personal/info', headers: auth(token) });
const db = () => t.container.database.db;

describe('token keys', () => {
  it('are the issue time in base 36 and the SHA-256 of the token, which is itself never stored', async () => {
    const issuedAt = t.clock.now();
    const u = await registerUser(t);
    for (const token of [u.accessToken, u.refreshToken]) {
      expect(token).toMatch(/^[A-Za-z0-9]{50}$/);
      expect(parseInt(token.slice(0, 9), 36)).toBe(issuedAt);
    }
    expect(u.accessToken.slice(9)).not.toBe(u.refreshToken.slice(9));
    const row = await db()
      .selectFrom('auth_tokens')
      .selectAll()
      .where('access_hash', '=', tokenKey(u.accessToken))
      .executeTakeFirstOrThrow();
    expect(row.access_hash).toBe(u.accessToken.slice(0, 9) + sha256Hex(u.accessToken));
    expect(row.refresh_hash).toBe(u.refreshToken.slice(0, 9) + sha256Hex(u.refreshToken));
    expect(JSON.stringify(row)).not.toContain(u.accessToken.slice(9));
  });

  it('sort in the order the pairs were issued, under the database own text order', async () => {
    const u = await registerUser(t);
    let current = u.refreshToken;
    // Steps that change the last digit, carry over several, and cross a day.
    for (const step of [1, 35, 36, 1_296, 86_400_000, 7]) {
      t.clock.advance(step);
      const res = await refresh(current);
      expect(res.body.code).toBe(0);
      current = res.body.data.refresh_token as string;
    }
    const { session_id } = await db()
      .selectFrom('auth_tokens')
      .select('session_id')
      .where('refresh_hash', '=', tokenKey(current))
      .executeTakeFirstOrThrow();
    const rows = await db()
      .selectFrom('auth_tokens')
      .select(['id', 'access_hash', 'refresh_hash'])
      .where('session_id', '=', session_id)
      .execute();
    expect(rows).toHaveLength(7);
    const byId = rows.map((r) => r.id).sort((a, b) => a - b);
    for (const column of ['access_hash', 'refresh_hash'] as const) {
      const sorted = await db().selectFrom('auth_tokens').select('id').where('session_id', '=', session_id).orderBy(column).execute();
      expect(sorted.map((r) => r.id)).toEqual(byId);
    }
  });

  it('pairs stored under the bare hash still authenticate, refresh into a new pair, and are guarded against reuse', async () => {
    const u = await registerUser(t);
    const current = await db()
      .selectFrom('auth_tokens')
      .select(['app_id', 'session_id', 'user_id'])
      .where('access_hash', '=', tokenKey(u.accessToken))
      .executeTakeFirstOrThrow();
    const now = t.clock.now();
    // A pair as it was issued and stored before keys began with the time.
    const access = randomAlphanumeric(50);
    const refreshToken = randomAlphanumeric(50);
    await db()
      .insertInto('auth_tokens')
      .values({
        ...current,
        access_hash: sha256Hex(access),
        refresh_hash: sha256Hex(refreshToken),
        access_expires_at: now + 3_600_000,
        refresh_expires_at: now + 86_400_000,
        rotated_at: null,
        created_at: now,
      })
      .execute();

    expect((await info(access)).body.code).toBe(0);
    const rotated = await refresh(refreshToken);
    expect(rotated.body.code).toBe(0);
    expect(parseInt((rotated.body.data.access_token as string).slice(0, 9), 36)).toBe(now);
    expect((await info(rotated.body.data.access_token)).body.code).toBe(0);
    expect((await info(access)).body.code).toBe(10004);

    // Reused after the grace window: theft, the whole session ends, new pair included.
    t.clock.advance(11_000);
    expect((await refresh(refreshToken)).body.code).toBe(10004);
    expect((await info(rotated.body.data.access_token)).body.code).toBe(10004);
  });

  it('an unknown token is unknown under both keys, whatever its length', async () => {
    for (const stranger of [randomAlphanumeric(50), 'abc', randomAlphanumeric(9)]) {
      expect((await info(stranger)).body.code).toBe(10004);
      expect((await refresh(stranger)).body.code).toBe(10004);
    }
    // The legacy key is the bare hash even for a token shorter than the time it should start with.
    expect(legacyKeyOf(tokenKey('abc'))).toBe(sha256Hex('abc'));
  });
});
