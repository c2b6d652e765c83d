/** A user's own login sessions: what they can recognise (device, address, last use), and ending one. */
import type { SessionRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { AccountWriter } from './account-writer.js';
import type { SessionActivity } from './session-activity.js';
import type { TokenRepository } from './token.repository.js';

export class SessionsService {
  constructor(
    private readonly sessions: TokenRepository,
    private readonly activity: SessionActivity,
    private readonly accounts: AccountWriter,
    private readonly clock: Clock,
  ) {}

  /** Newest first; last use includes what is noted in memory and not yet written. */
  async list(userId: number, page: PageRequest): Promise<{ total: number; rows: SessionRow[] }> {
    const { total, rows } = await this.sessions.listLiveSessions(userId, this.clock.now(), page);
    return {
      total,
      rows: rows.map((r) => {
        const noted = this.activity.lastNoted(r.id);
        return noted !== undefined && noted > (r.last_used_at ?? 0) ? { ...r, last_used_at: noted } : r;
      }),
    };
  }

  /** Ends one live session of the user (it may be the calling one); 10001 otherwise. */
  async revoke(userId: number, sessionId: number): Promise<void> {
    if (!(await this.sessions.isLiveSession(userId, sessionId, this.clock.now()))) throw notFound('session');
    await this.accounts.revokeSession(sessionId);
  }
}
