/**
 * When each session was last used, for the session list a user reads ("last active"),
 * without a write per request: an authenticated request only notes its session in memory,
 * at most once per `intervalMs` per session, and the noted sessions are written in one
 * UPDATE per flush. So a session costs at most one write a minute (per instance), and a
 * crash loses at most one flush period of "last used" times, never a session.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';

const CHUNK = 500;

export class SessionActivity {
  /** Session id → the use time last noted for it. */
  private readonly noted = new Map<number, number>();
  private pending = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly intervalMs = 60_000,
  ) {}

  /** Called on every authenticated request: a map read in the common case. */
  seen(sessionId: number, now: number): void {
    const last = this.noted.get(sessionId);
    if (last !== undefined && now - last < this.intervalMs) return;
    this.noted.set(sessionId, now);
    this.pending.set(sessionId, now);
  }

  /** The last use noted for a session in this process, if any. */
  lastNoted(sessionId: number): number | undefined {
    return this.noted.get(sessionId);
  }

  /** Sessions noted but not yet written. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes the noted uses; one flush at a time, so writes never overtake each other. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    // Sessions noted at the same moment share an UPDATE; under load most of a flush does.
    const byTime = new Map<number, number[]>();
    for (const [id, at] of batch) {
      const ids = byTime.get(at);
      if (ids) ids.push(id);
      else byTime.set(at, [id]);
    }
    try {
      for (const [at, ids] of byTime) {
        for (let i = 0; i < ids.length; i += CHUNK) {
          await this.db
            .updateTable('sessions')
            .set({ last_used_at: at })
            .where('id', 'in', ids.slice(i, i + CHUNK))
            .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
            .execute();
        }
      }
    } catch {
      // The database is away: these times are retried with the next flush, newest kept.
      for (const [id, at] of batch) if ((this.pending.get(id) ?? 0) < at) this.pending.set(id, at);
    }
    this.forgetOld();
  }

  /** Forgets sessions not seen for an interval, so the map holds only active sessions. */
  private forgetOld(): void {
    const cutoff = this.clock.now() - this.intervalMs;
    for (const [id, at] of this.noted) if (at < cutoff) this.noted.delete(id);
  }

  start(periodMs = 10_000): void {
    this.timer ??= setInterval(() => void this.flush(), periodMs).unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
