/**
 * Opaque token pairs: 50 random characters each, stored only as SHA-256 hashes. A login
 * opens a session; refreshing rotates the pair inside it. The old refresh token keeps
 * answering new pairs for REFRESH_REUSE_GRACE_SECONDS (lost answers, racing refreshes);
 * after that, presenting it again is treated as theft and revokes the whole session.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database, UserRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, ErrorCode } from '../../platform/errors.js';
import { randomAlphanumeric, sha256Hex, TOKEN_LENGTH } from '../../platform/secrets.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { TokenRepository } from './token.repository.js';

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

/** Told when sessions end, so that caches of authenticated tokens can drop them. */
export interface SessionListener {
  sessionRevoked(sessionId: number): void | Promise<void>;
  tokenRotated(tokenId: number): void | Promise<void>;
}

export class TokenService {
  private listeners: SessionListener[] = [];

  constructor(
    private readonly config: Config,
    private readonly db: Kysely<Database>,
    private readonly tokens: TokenRepository,
    private readonly clock: Clock,
    private readonly time: TimeFormatter,
  ) {}

  addListener(listener: SessionListener): void {
    this.listeners.push(listener);
  }

  /** Opens a session and issues its first pair, inside the caller's transaction. */
  async openSession(db: Kysely<Database>, appId: string, userId: number, client: { userAgent: string; ip: string }): Promise<TokenAnswer> {
    const now = this.clock.now();
    const sessionId = await this.tokens.createSession(db, appId, userId, client.userAgent, client.ip, now);
    return this.issuePair(db, appId, sessionId, userId, now);
  }

  private async issuePair(db: Kysely<Database>, appId: string, sessionId: number, userId: number, now: number): Promise<TokenAnswer> {
    const access = randomAlphanumeric(TOKEN_LENGTH);
    const refresh = randomAlphanumeric(TOKEN_LENGTH);
    const accessExpiresAt = now + this.config.accessTokenTtlSeconds * 1000;
    await this.tokens.insertPair(db, {
      appId,
      sessionId,
      userId,
      accessHash: sha256Hex(access),
      refreshHash: sha256Hex(refresh),
      accessExpiresAt,
      refreshExpiresAt: now + this.config.refreshTokenTtlSeconds * 1000,
      now,
    });
    return {
      access_token: access,
      refresh_token: refresh,
      expires_at: this.time.format(accessExpiresAt),
      expires_in: this.config.accessTokenTtlSeconds,
    };
  }

  async refresh(appId: string, refreshToken: string): Promise<TokenAnswer> {
    const row = await this.tokens.findByRefreshHash(sha256Hex(refreshToken));
    const now = this.clock.now();
    if (!row || row.app_id !== appId || row.session_revoked_at !== null || row.refresh_expires_at <= now) {
      throw new AppError(ErrorCode.InvalidToken, 'refresh token unknown, revoked or expired');
    }
    if (row.user_is_active !== 1) throw new AppError(ErrorCode.Forbidden, 'user disabled');
    let rotatedAt = row.rotated_at;
    if (rotatedAt === null) {
      if (await this.tokens.markRotated(row.id, now)) {
        await this.notify((l) => l.tokenRotated(row.id));
        return this.issuePair(this.db, appId, row.session_id, row.user_id, now);
      }
      rotatedAt = (await this.tokens.rotatedAt(row.id)) ?? now;
    }
    if (now - rotatedAt > this.config.refreshReuseGraceSeconds * 1000) {
      await this.revokeSession(row.session_id);
      throw new AppError(ErrorCode.InvalidToken, 'refresh token reused after rotation: session revoked');
    }
    return this.issuePair(this.db, appId, row.session_id, row.user_id, now);
  }

  async revokeSession(sessionId: number): Promise<void> {
    await this.tokens.revokeSession(sessionId, this.clock.now());
    await this.notify((l) => l.sessionRevoked(sessionId));
  }

  /** Resolves an access token: 10004 when unknown/expired/revoked, 10003 when the user is disabled. */
  async authenticate(appId: string, accessToken: string): Promise<Authenticated> {
    const found = await this.tokens.findAccess(appId, sha256Hex(accessToken), this.clock.now());
    if (!found) throw new AppError(ErrorCode.InvalidToken, 'access token unknown, expired or revoked');
    if (found.user.is_active !== 1) throw new AppError(ErrorCode.Forbidden, 'user disabled');
    return { user: found.user, sessionId: found.session_id, tokenId: found.token_id };
  }

  private async notify(fn: (l: SessionListener) => void | Promise<void>): Promise<void> {
    for (const l of this.listeners) await fn(l);
  }
}
