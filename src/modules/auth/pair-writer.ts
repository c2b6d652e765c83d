/**
 * Writes refreshed token pairs in groups. A refresh is a write that must be durable before
 * its answer goes out (the client drops its old tokens on receipt), and on PostgreSQL each
 * commit waits for the WAL to reach disk: measured here, one INSERT a commit tops out near
 * 2,900 a second however many connections share the load. Refreshes that arrive while a
 * group is being written wait for the next group: one INSERT adds every new pair, one
 * UPDATE spends the refresh tokens they replace. A quiet server writes each refresh at
 * once, alone; no timer ever delays one. Every refresh is answered after its pair is
 * committed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import type { NewPair, TokenRepository } from './token.repository.js';

/** Rows a group holds at most (9 parameters a row: far under either database's limit). */
const MAX_GROUP = 200;

interface Pending {
  pair: NewPair;
  /** The pair whose refresh token this refresh spends, when it is the first to spend it. */
  rotates: number | undefined;
  resolve(written: boolean): void;
  reject(err: unknown): void;
}

export class PairWriter {
  private queue: Pending[] = [];
  private writing = false;
  /** Groups committed and the pairs they held (tests read them). */
  readonly stats = { groups: 0, pairs: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly tokens: TokenRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes `pair`; with `rotates`, only if that pair's refresh token is not already spent,
   * marking it spent in the same transaction. True when written; false when a concurrent
   * refresh had spent it first (then nothing is written).
   */
  write(pair: NewPair, rotates?: number): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ pair, rotates, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) await this.writeGroup(this.queue.splice(0, MAX_GROUP));
    } finally {
      this.writing = false;
    }
  }

  /**
   * New pairs first, then the spending of old refresh tokens: the pairs of refreshes that
   * lost a race are then deleted again (their tokens were never handed out). No explicit
   * transaction: on SQLite one would stop every other query for its length, and without
   * one no failure can spend a refresh token without its new pair in place (the client
   * still holds the old one and retries). On SQLite both statements join the driver's
   * group commit; on PostgreSQL a group costs two commits, whatever its size.
   */
  private async writeGroup(group: Pending[]): Promise<void> {
    let written: boolean[];
    try {
      await this.tokens.insertPairs(
        this.db,
        group.map((p) => p.pair),
      );
      const spending = [...new Set(group.flatMap((p) => (p.rotates === undefined ? [] : [p.rotates])))];
      const marked = new Set(spending.length > 0 ? await this.tokens.markRotatedMany(this.db, spending, this.clock.now()) : []);
      // Two refreshes of one token in a group: the first spends it, the second lost the race.
      const spent = new Set<number>();
      written = group.map((p) => {
        if (p.rotates === undefined) return true;
        if (!marked.has(p.rotates) || spent.has(p.rotates)) return false;
        spent.add(p.rotates);
        return true;
      });
      const lost = group.filter((_, i) => !written[i]).map((p) => p.pair.accessHash);
      if (lost.length > 0) await this.tokens.deleteByAccessHashes(this.db, lost);
    } catch (err) {
      if (group.length === 1) {
        group[0]!.reject(err);
        return;
      }
      // One refused row fails the whole INSERT: one by one, only its refresh fails.
      for (const p of group) await this.writeGroup([p]);
      return;
    }
    this.stats.groups += 1;
    this.stats.pairs += written.filter(Boolean).length;
    group.forEach((p, i) => p.resolve(written[i]!));
  }
}
