/** Login sessions and their token pairs; tokens are found only by their keys (token-key.ts). */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { AuthTokensTable, Database, SessionRow, SessionsTable, UserRow } from '../../db/tables.js';
import type { PageRequest } from '../../platform/pagination.js';
import { BatchedLookup } from '../../db/batched-lookup.js';
import { isPostgres } from '../../db/dialect.js';
import { prepared } from '../../db/prepared.js';
import { legacyKeyOf } from './token-key.js';

export interface TokenPairRow {
  id: number;
  app_id: string;
  session_id: number;
  user_id: number;
  refresh_hash: string;
  refresh_expires_at: number;
  rotated_at: number | null;
  session_revoked_at: number | null;
  user_is_active: number;
}

/** A new token pair, as the keys of its tokens. */
export interface NewPair {
  appId: string;
  sessionId: number;
  userId: number;
  accessKey: string;
  refreshKey: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  now: number;
}

/** Who opened a session, and from where. */
export interface NewSession {
  userAgent: string;
  ip: string;
}

/** The columns' lengths. */
function clipped(session: NewSession): NewSession {
  return { userAgent: session.userAgent.slice(0, 255), ip: session.ip.slice(0, 64) };
}

function sessionRow(appId: string, userId: number, session: NewSession, now: number): Insertable<SessionsTable> {
  return {
    app_id: appId,
    user_id: userId,
    user_agent: session.userAgent,
    ip: session.ip,
    created_at: now,
    revoked_at: null,
    last_used_at: now,
  };
}

/** The auth_tokens row of a new pair. */
export function pairRow(pair: NewPair): Insertable<AuthTokensTable> {
  return {
    app_id: pair.appId,
    session_id: pair.sessionId,
    user_id: pair.userId,
    access_hash: pair.accessKey,
    refresh_hash: pair.refreshKey,
    access_expires_at: pair.accessExpiresAt,
    refresh_expires_at: pair.refreshExpiresAt,
    rotated_at: null,
    created_at: pair.now,
  };
}

/**
 * A refresh presented the quick way (token.service.ts): the new pair, to be written only if
 * the token it presents, found by `key`, is live for `appId` at `now` and unspent or spent
 * at or after `graceFrom`. The session and user of the new pair are those of that token.
 */
export interface RefreshAttempt {
  key: string;
  appId: string;
  accessKey: string;
  refreshKey: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  now: number;
  graceFrom: number;
}

/** An attempt as one row of the JSON array the statements below read (short keys: it is sent whole). */
function attemptRow(a: RefreshAttempt) {
  return {
    k: a.key,
    app: a.appId,
    a: a.accessKey,
    r: a.refreshKey,
    ae: a.accessExpiresAt,
    re: a.refreshExpiresAt,
    n: a.now,
    g: a.graceFrom,
  };
}

/** The columns of that array's rows, as each dialect reads them back. */
type AttemptColumns = ReturnType<typeof attemptRow>;

export interface AccessRow {
  token_id: number;
  session_id: number;
  expires_at: number;
  user: UserRow;
}

export class TokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Opens a session with its first pair, atomically: inside the caller's transaction if `db`
   * is one. On PostgreSQL one statement, the session's INSERT a CTE of the pair's: a login's
   * writes in one round trip instead of four (begin, two inserts, commit). On SQLite, whose
   * statements cost no round trip, two inserts in a transaction.
   */
  async openSession(db: Kysely<Database>, session: NewSession, pair: Omit<NewPair, 'sessionId'>): Promise<number> {
    const client = clipped(session);
    if (isPostgres(db)) {
      const row = await this.openAtOnce.executeTakeFirst(
        db,
        pair.appId,
        pair.userId,
        client.userAgent,
        client.ip,
        pair.now,
        pair.accessKey,
        pair.refreshKey,
        pair.accessExpiresAt,
        pair.refreshExpiresAt,
      );
      return row!.session_id;
    }
    const open = async (trx: Kysely<Database>) => {
      const { id } = (await this.insertSession.executeTakeFirst(trx, pair.appId, pair.userId, client.userAgent, client.ip, pair.now))!;
      await this.insertPair.execute(
        trx,
        pair.appId,
        id,
        pair.userId,
        pair.accessKey,
        pair.refreshKey,
        pair.accessExpiresAt,
        pair.refreshExpiresAt,
        pair.now,
      );
      return id;
    };
    return db.isTransaction ? open(db) : db.transaction().execute(open);
  }

  private readonly insertSession = prepared((appId: string, userId: number, userAgent: string, ip: string, now: number) =>
    this.db
      .insertInto('sessions')
      .values(sessionRow(appId, userId, { userAgent, ip }, now))
      .returning('id'),
  );

  private readonly insertPair = prepared(
    (
      appId: string,
      sessionId: number,
      userId: number,
      accessKey: string,
      refreshKey: string,
      accessExpiresAt: number,
      refreshExpiresAt: number,
      now: number,
    ) =>
      this.db
        .insertInto('auth_tokens')
        .values(pairRow({ appId, sessionId, userId, accessKey, refreshKey, accessExpiresAt, refreshExpiresAt, now })),
  );

  private readonly openAtOnce = prepared(
    (
      appId: string,
      userId: number,
      userAgent: string,
      ip: string,
      now: number,
      accessKey: string,
      refreshKey: string,
      accessExpiresAt: number,
      refreshExpiresAt: number,
    ) =>
      this.db
        .with('s', (db) =>
          db
            .insertInto('sessions')
            .values(sessionRow(appId, userId, { userAgent, ip }, now))
            .returning('id'),
        )
        .insertInto('auth_tokens')
        .values((eb) => ({
          ...pairRow({ appId, sessionId: 0, userId, accessKey, refreshKey, accessExpiresAt, refreshExpiresAt, now }),
          session_id: eb.selectFrom('s').select('s.id'),
        }))
        .returning('session_id'),
  );

  /** Marks these pairs rotated; answers the ids it marked (not those a concurrent refresh had). */
  async markRotatedMany(db: Kysely<Database>, ids: readonly number[], now: number): Promise<number[]> {
    const rows = await db
      .updateTable('auth_tokens')
      .set({ rotated_at: now })
      .where('id', 'in', ids)
      .where('rotated_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** The columns a refresh reads; the refresh token's key is also its key in a batch. */
  private refreshRows() {
    return this.db
      .selectFrom('auth_tokens as t')
      .innerJoin('sessions as s', 's.id', 't.session_id')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select([
        't.id',
        't.app_id',
        't.session_id',
        't.user_id',
        't.refresh_hash',
        't.refresh_expires_at',
        't.rotated_at',
        's.revoked_at as session_revoked_at',
        'u.is_active as user_is_active',
      ]);
  }

  /** A refresh alone: built once (prepared.ts). */
  private readonly byRefreshKey = prepared((refreshKey: string) => this.refreshRows().where('t.refresh_hash', '=', refreshKey));

  /**
   * Several, on PostgreSQL: one array parameter instead of a list, so that the SQL is the
   * same whatever their number, and prepared once (pg-statements.ts).
   */
  private readonly byRefreshKeys = prepared((refreshKeys: readonly string[]) =>
    this.refreshRows().where('t.refresh_hash', '=', sql<string>`any(${refreshKeys})`),
  );

  /**
   * Several, on SQLite: the keys as one JSON array read by json_each, for the same reason.
   * An `in (...)` list was a query built and compiled by Kysely at every batch, and a
   * statement prepared and kept for every length a batch had. With refreshes presenting 50
   * tokens in turn: 4.9–5.0k → 5.2–5.5k a second, 189–193 → 173–183 µs of CPU each
   * (docs/benchmarks.md, twelfth pass).
   */
  private readonly byRefreshKeysJson = prepared((refreshKeysJson: string) =>
    this.refreshRows().where(sql<boolean>`t.refresh_hash in (select value from json_each(${refreshKeysJson}))`),
  );

  /**
   * Every refresh starts here. The refreshes of one event-loop turn share one query
   * (batched-lookup.ts): on PostgreSQL, a round trip and a statement for all of them.
   */
  readonly refreshes = new BatchedLookup<string, TokenPairRow>(
    (key) => this.byRefreshKey.executeTakeFirst(this.db, key),
    (keys) =>
      isPostgres(this.db) ? this.byRefreshKeys.execute(this.db, keys) : this.byRefreshKeysJson.execute(this.db, JSON.stringify(keys)),
    (row) => row.refresh_hash,
  );

  /** By the refresh token's key, then by the key it had before keys began with the time. */
  async findByRefreshKey(key: string): Promise<TokenPairRow | undefined> {
    return (await this.refreshes.find(key)) ?? (await this.refreshes.find(legacyKeyOf(key)));
  }

  /**
   * The attempts as a table `v`: one JSON parameter whatever their number, so the SQL is
   * the same for every group (prepared once, and sent to SQLite's writer thread as one string
   * instead of a parameter per column and row).
   */
  private attempts(json: string) {
    const rows = isPostgres(this.db)
      ? sql<AttemptColumns>`(select * from jsonb_to_recordset(${json}::jsonb)
          as x(k text, app text, a text, r text, ae bigint, re bigint, n bigint, g bigint))`
      : sql<AttemptColumns>`(select value ->> 'k' as k, value ->> 'app' as app, value ->> 'a' as a, value ->> 'r' as r,
          value ->> 'ae' as ae, value ->> 're' as re, value ->> 'n' as n, value ->> 'g' as g from json_each(${json}))`;
    return rows.as('v');
  }

  /**
   * Whether the pair `t` holds the token attempt `v` presents, live: the checks of
   * TokenService.refresh. Statements that read `t` by `v`'s key only: PostgreSQL plans them
   * once, for any JSON, and a table without statistics yet (a new install) or one full of
   * unspent pairs could have it start elsewhere (from the one unrevoked session it expects,
   * and every pair of it; from every unspent pair) and read thousands of rows a refresh.
   * Hence the session and the user read by subqueries, not joins, and on PostgreSQL the
   * keys also as an array, which it always looks up by their index.
   */
  private presentsLiveToken(json: string) {
    // A subquery without a row is null: false.
    const live = sql<boolean>`t.refresh_hash = v.k and t.app_id = v.app and t.refresh_expires_at > v.n
      and (select s.revoked_at is null from sessions s where s.id = t.session_id)
      and (select u.is_active = 1 from users u where u.id = t.user_id)`;
    return isPostgres(this.db)
      ? sql<boolean>`${live} and t.refresh_hash = any(array(select jsonb_array_elements(${json}::jsonb) ->> 'k'))`
      : live;
  }

  private readonly spendJson = prepared((now: number, json: string) =>
    this.db
      .updateTable('auth_tokens as t')
      .from(this.attempts(json))
      .set({ rotated_at: now })
      .where('t.rotated_at', 'is', null)
      .where(this.presentsLiveToken(json))
      .returning(['id', 'refresh_hash']),
  );

  private readonly insertJson = prepared((json: string) =>
    this.db
      .insertInto('auth_tokens')
      .columns(['app_id', 'session_id', 'user_id', 'access_hash', 'refresh_hash', 'access_expires_at', 'refresh_expires_at', 'created_at'])
      .expression(
        this.db
          .selectFrom([this.attempts(json), 'auth_tokens as t'])
          .where(this.presentsLiveToken(json))
          .where((eb) => eb.or([eb('t.rotated_at', 'is', null), eb('t.rotated_at', '>=', eb.ref('v.g'))]))
          .select(['t.app_id', 't.session_id', 't.user_id', 'v.a', 'v.r', 'v.ae', 'v.re', 'v.n']),
      )
      .returning('access_hash'),
  );

  /**
   * A group of attempts, as two statements issued together (on SQLite, one group of the
   * writer thread): one marks spent, at `now`, the live unspent tokens they present and
   * answers those it marked (not those a concurrent refresh had); the other writes the new
   * pair of every attempt whose token is live and unspent or spent within its grace, and
   * answers their access keys. Run in either order they write the same pairs: a token the
   * first marks is spent at `now`, within every attempt's grace. Each settles on its own.
   */
  refreshGroup(
    db: Kysely<Database>,
    attempts: readonly RefreshAttempt[],
    now: number,
  ): Promise<[PromiseSettledResult<{ id: number; refresh_hash: string }[]>, PromiseSettledResult<{ access_hash: string }[]>]> {
    const json = JSON.stringify(attempts.map(attemptRow));
    return Promise.allSettled([this.spendJson.execute(db, now, json), this.insertJson.execute(db, json)]);
  }

  /** Pairs written for refreshes that lost a race: their tokens were never handed out. */
  async deleteByAccessKeys(db: Kysely<Database>, keys: readonly string[]): Promise<void> {
    await db.deleteFrom('auth_tokens').where('access_hash', 'in', keys).execute();
  }

  async rotatedAt(id: number): Promise<number | null> {
    const row = await this.db.selectFrom('auth_tokens').select('rotated_at').where('id', '=', id).executeTakeFirst();
    return row?.rotated_at ?? null;
  }

  /** A session is live while it is not revoked and its current refresh token has not expired. */
  private liveSessions(userId: number, now: number) {
    return this.db
      .selectFrom('sessions as s')
      .where('s.user_id', '=', userId)
      .where('s.revoked_at', 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('auth_tokens as t')
            .select('t.id')
            .whereRef('t.session_id', '=', 's.id')
            .where('t.rotated_at', 'is', null)
            .where('t.refresh_expires_at', '>', now),
        ),
      );
  }

  /** The user's live sessions, newest first. */
  async listLiveSessions(userId: number, now: number, page: PageRequest): Promise<{ total: number; rows: SessionRow[] }> {
    const base = this.liveSessions(userId, now);
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      base.selectAll('s').orderBy('s.id', 'desc').limit(page.pageSize).offset(page.offset).execute(),
    ]);
    return { total: Number(count.n), rows };
  }

  async isLiveSession(userId: number, sessionId: number, now: number): Promise<boolean> {
    return (await this.liveSessions(userId, now).select('s.id').where('s.id', '=', sessionId).executeTakeFirst()) !== undefined;
  }

  /** Revokes the user's live sessions, all of them or all but `keep`. */
  async revokeUserSessions(userId: number, now: number, keep?: number, db: Kysely<Database> = this.db): Promise<void> {
    let q = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (keep !== undefined) q = q.where('id', '!=', keep);
    await q.execute();
  }

  async revokeSession(sessionId: number, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', sessionId).where('revoked_at', 'is', null).execute();
  }

  /** The one query behind every authenticated request the session cache misses: token ⋈ session ⋈ user by key. */
  private readonly access = prepared((appId: string, accessKey: string, now: number) =>
    this.db
      .selectFrom('auth_tokens as t')
      .innerJoin('sessions as s', 's.id', 't.session_id')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .selectAll('u')
      .select(['t.id as token_id', 't.session_id as token_session_id', 't.access_expires_at as token_expires_at'])
      .where('t.access_hash', '=', accessKey)
      .where('t.app_id', '=', appId)
      .where('t.rotated_at', 'is', null)
      .where('t.access_expires_at', '>', now)
      .where('s.revoked_at', 'is', null),
  );

  /** By the access token's key, then by the key it had before keys began with the time. */
  async findAccess(appId: string, key: string, now: number): Promise<AccessRow | undefined> {
    const row =
      (await this.access.executeTakeFirst(this.db, appId, key, now)) ??
      (await this.access.executeTakeFirst(this.db, appId, legacyKeyOf(key), now));
    if (!row) return undefined;
    const { token_id, token_session_id, token_expires_at, ...user } = row;
    return { token_id, session_id: token_session_id, expires_at: token_expires_at, user };
  }
}
