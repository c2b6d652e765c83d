/**
 * Opaque token pairs: 50 characters each, stored only under their keys (issue time and
 * SHA-256, token-key.ts). A login
 * opens a session; refreshing rotates the pair inside it. The old refresh token keeps
 * answering new pairs for REFRESH_REUSE_GRACE_SECONDS (lost answers, racing refreshes);
 * after that, presenting it again is treated as theft and revokes the whole session.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database, UserRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ErrorCode } from '../../platform/errors.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { isInvalidation } from './invalidation.js';
import type { CachedSession, Invalidation, SessionCache } from './session-cache.js';
import type { BusListener, InvalidationBus } from '../../platform/invalidation-bus.js';
import type { SessionActivity } from './session-activity.js';
import type { PairWriter } from './pair-writer.js';
import { newToken, tokenKey } from './token-key.js';
import type { NewPair, TokenRepository } from './token.repository.js';

export interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_at: string;
  expires_in: number;
}

export interface Authenticated {
  user: UserRow;
  sessionId: number;
  tokenId: number;
}

export class TokenService {
  constructor(
    private readonly config: Config,
    private readonly db: Kysely<Database>,
    private readonly tokens: TokenRepository,
    private readonly clock: Clock,
    private readonly time: TimeFormatter,
    private readonly cache: SessionCache,
    private readonly bus: InvalidationBus,
    private readonly activity: SessionActivity,
    private readonly pairs: PairWriter,
  ) {}

  /** What the session cache does with invalidations from other instances (container.ts subscribes it). */
  busListener(): BusListener {
    return {
      message: (message) => {
        if (isInvalidation(message)) this.cache.apply(message);
      },
      down: () => this.cache.suspend(),
      up: () => this.cache.resume(),
    };
  }

  /** Drops cached sessions here and on every other instance; call after the change committed. */
  async invalidate(inv: Invalidation): Promise<void> {
    this.cache.apply(inv);
    await this.bus.publish(inv);
  }

  /** A user's row changed (profile, disabled): cached copies must go. */
  userChanged(userId: number): Promise<void> {
    return this.invalidate({ kind: 'user', id: userId });
  }

  /**
   * Opens a session and issues its first pair, atomically: inside the caller's transaction
   * when `db` is one (registration), else on its own (a login: one round trip on PostgreSQL).
   */
  async openSession(db: Kysely<Database>, appId: string, userId: number, client: { userAgent: string; ip: string }): Promise<TokenAnswer> {
    const now = this.clock.now();
    const { keys, answer } = this.newTokens(now);
    await this.tokens.openSession(db, client, { appId, userId, ...keys, now });
    return answer;
  }

  private newPair(appId: string, sessionId: number, userId: number, now: number): { pair: NewPair; answer: TokenAnswer } {
    const { keys, answer } = this.newTokens(now);
    return { pair: { appId, sessionId, userId, ...keys, now }, answer };
  }

  /** Two new tokens: their keys and expiries, to store, and the answer that hands them out. */
  private newTokens(now: number) {
    const access = newToken(now);
    const refresh = newToken(now);
    const accessExpiresAt = now + this.config.accessTokenTtlSeconds * 1000;
    return {
      keys: {
        accessKey: tokenKey(access),
        refreshKey: tokenKey(refresh),
        accessExpiresAt,
        refreshExpiresAt: now + this.config.refreshTokenTtlSeconds * 1000,
      },
      answer: {
        access_token: access,
        refresh_token: refresh,
        expires_at: this.time.format(accessExpiresAt),
        expires_in: this.config.accessTokenTtlSeconds,
      },
    };
  }

  /**
   * Refreshes go through the pair writer: many of them share one commit (pair-writer.ts).
   * First as an attempt, whose statements check the token as they spend it and write the
   * new pair, so the common case reads nothing first; an attempt that wrote nothing (the
   * token unknown, legacy, revoked, expired, of a disabled user, or spent past its grace)
   * goes the slow way, which finds out which and answers it.
   */
  async refresh(appId: string, refreshToken: string): Promise<TokenAnswer> {
    const key = tokenKey(refreshToken);
    const now = this.clock.now();
    const { keys, answer } = this.newTokens(now);
    const graceFrom = now - this.config.refreshReuseGraceSeconds * 1000;
    const outcome = await this.pairs.refresh({ key, appId, ...keys, now, graceFrom });
    if (outcome.spent !== undefined) await this.invalidate({ kind: 'token', id: outcome.spent });
    return outcome.written ? answer : this.refreshSlowly(appId, key);
  }

  private async refreshSlowly(appId: string, key: string): Promise<TokenAnswer> {
    const row = await this.tokens.findByRefreshKey(key);
    const now = this.clock.now();
    if (!row || row.app_id !== appId || row.session_revoked_at !== null || row.refresh_expires_at <= now) {
      throw new AppError(ErrorCode.InvalidToken, 'refresh token unknown, revoked or expired');
    }
    if (row.user_is_active !== 1) throw new AppError(ErrorCode.Forbidden, 'user disabled');
    let rotatedAt = row.rotated_at;
    if (rotatedAt === null) {
      const { pair, answer } = this.newPair(appId, row.session_id, row.user_id, now);
      if (await this.pairs.write(pair, row.id)) {
        await this.invalidate({ kind: 'token', id: row.id });
        return answer;
      }
      rotatedAt = (await this.tokens.rotatedAt(row.id)) ?? now;
    }
    if (now - rotatedAt > this.config.refreshReuseGraceSeconds * 1000) {
      await this.revokeSession(row.session_id);
      throw new AppError(ErrorCode.InvalidToken, 'refresh token reused after rotation: session revoked');
    }
    const { pair, answer } = this.newPair(appId, row.session_id, row.user_id, now);
    await this.pairs.write(pair);
    return answer;
  }

  async revokeSession(sessionId: number): Promise<void> {
    await this.tokens.revokeSession(sessionId, this.clock.now());
    await this.invalidate({ kind: 'session', id: sessionId });
  }

  /** Resolves an access token: 10004 when unknown/expired/revoked, 10003 when the user is disabled. */
  authenticate(appId: string, accessToken: string): Authenticated | Promise<Authenticated> {
    const now = this.clock.now();
    const entry = this.cache.get(accessToken, now);
    return entry ? this.accept(appId, entry, now) : this.lookup(appId, accessToken, now);
  }

  private async lookup(appId: string, accessToken: string, now: number): Promise<Authenticated> {
    const generation = this.cache.generation;
    const found = await this.tokens.findAccess(appId, tokenKey(accessToken), now);
    if (!found) throw new AppError(ErrorCode.InvalidToken, 'access token unknown, expired or revoked');
    const entry = { appId, user: found.user, sessionId: found.session_id, tokenId: found.token_id, expiresAt: found.expires_at };
    this.cache.set(accessToken, entry, generation);
    return this.accept(appId, entry, now);
  }

  private accept(appId: string, entry: CachedSession, now: number): Authenticated {
    if (entry.appId !== appId) throw new AppError(ErrorCode.InvalidToken, 'access token of another app');
    if (entry.user.is_active !== 1) throw new AppError(ErrorCode.Forbidden, 'user disabled');
    this.activity.seen(entry.sessionId, now);
    return { user: entry.user, sessionId: entry.sessionId, tokenId: entry.tokenId };
  }
}
