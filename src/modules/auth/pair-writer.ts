/**
 * Writes refreshed token pairs in groups. A refresh is a write that must be durable before
 * its answer goes out (the client drops its old tokens on receipt), and on PostgreSQL each
 * commit waits for the WAL to reach disk: measured here, one INSERT a commit tops out near
 * 2,900 a second however many connections share the load. Refreshes that arrive while a
 * group is being written wait for the next group: one INSERT adds every new pair, one
 * UPDATE spends the refresh tokens they replace. A quiet server writes each refresh alone,
 * within the event-loop turn it arrived in. Every refresh is answered after its pair is
 * committed.
 *
 * Most refreshes come as attempts (`refresh`): the token they present is checked by the
 * statements that spend it and write the new pair, so a refresh reads nothing before its
 * group. On SQLite those statements run on the writer thread, whose page cache every commit
 * leaves warm, instead of a read on the event loop's connection, whose cache every commit
 * of the writer thread empties.
 */
import type { Kysely } from 'kysely';
import { BatchedInsert, type WriteOnlyInsert } from '../../db/batched-insert.js';
import type { Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { pairRow, type NewPair, type RefreshAttempt, type TokenRepository } from './token.repository.js';

/** Refreshes a group holds at most (BatchedInsert splits larger INSERTs anyway). */
const MAX_GROUP = 500;

interface Pending {
  pair: NewPair;
  /** The pair whose refresh token this refresh spends, when it is the first to spend it. */
  rotates: number | undefined;
  resolve(written: boolean): void;
  reject(err: unknown): void;
}

interface PendingAttempt {
  attempt: RefreshAttempt;
  resolve(outcome: AttemptOutcome): void;
  reject(err: unknown): void;
}

/**
 * `written` when the attempt's pair was written. Not written: the token was not live, or the
 * statement failed; the caller finds out which the slow way. `spent`, written or not: the
 * id of the pair whose refresh token this attempt spent first (its access token died, and
 * cached copies of it must go).
 */
export interface AttemptOutcome {
  written: boolean;
  spent?: number;
}

export class PairWriter {
  private queue: Pending[] = [];
  private attempts: PendingAttempt[] = [];
  private readonly inserts: WriteOnlyInsert<'auth_tokens'>;
  private writing = false;
  /** Groups committed and the pairs they held (tests read them). */
  readonly stats = { groups: 0, pairs: 0 };

  constructor(
    private readonly db: Kysely<Database>,
    private readonly tokens: TokenRepository,
    private readonly clock: Clock,
  ) {
    this.inserts = BatchedInsert.writeOnly(db, 'auth_tokens');
  }

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

  /** Writes the attempt's pair if the token it presents is live (token.repository.ts, RefreshAttempt). */
  refresh(attempt: RefreshAttempt): Promise<AttemptOutcome> {
    return new Promise<AttemptOutcome>((resolve, reject) => {
      this.attempts.push({ attempt, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0 || this.attempts.length > 0) {
        const attempts = this.attempts.splice(0, MAX_GROUP);
        await Promise.all([this.writeGroup(this.queue.splice(0, MAX_GROUP - attempts.length)), this.attemptGroup(attempts)]);
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * A spend that failed fails the whole group (its pairs may be written, but no answer
   * hands them out, and the tokens presented still work). A write that failed sends its
   * refreshes the slow way, where a token the spend marked is within its grace.
   */
  private async attemptGroup(group: PendingAttempt[]): Promise<void> {
    if (group.length === 0) return;
    const [spent, inserted] = await this.tokens.refreshGroup(
      this.db,
      group.map((p) => p.attempt),
      this.clock.now(),
    );
    if (spent.status === 'rejected') {
      for (const p of group) p.reject(spent.reason);
      return;
    }
    const written = new Set(inserted.status === 'fulfilled' ? inserted.value.map((r) => r.access_hash) : []);
    // A token presented twice in a group is spent once: the first attempt that presents it says so.
    const spentIds = new Map(spent.value.map((r) => [r.refresh_hash, r.id]));
    this.stats.groups += 1;
    for (const p of group) {
      const outcome: AttemptOutcome = { written: written.has(p.attempt.accessKey) };
      if (outcome.written) this.stats.pairs += 1;
      const id = spentIds.get(p.attempt.key);
      if (id !== undefined) {
        outcome.spent = id;
        spentIds.delete(p.attempt.key);
      }
      p.resolve(outcome);
    }
  }

  /**
   * New pairs first, then the spending of old refresh tokens: the pairs of refreshes that
   * lost a race are then deleted again (their tokens were never handed out). No explicit
   * transaction: on SQLite one would stop every other query for its length, and without
   * one no failure can spend a refresh token without its new pair in place (the client
   * still holds the old one and retries). The pairs go through BatchedInsert: one INSERT
   * for the group, and a row the database refuses fails only its own refresh.
   */
  private async writeGroup(group: Pending[]): Promise<void> {
    if (group.length === 0) return;
    const inserted = await Promise.allSettled(group.map((p) => this.inserts.insert(pairRow(p.pair))));
    const placed: Pending[] = [];
    group.forEach((p, i) => {
      const r = inserted[i]!;
      if (r.status === 'fulfilled') placed.push(p);
      else p.reject(r.reason);
    });
    let written: boolean[];
    try {
      const spending = [...new Set(placed.flatMap((p) => (p.rotates === undefined ? [] : [p.rotates])))];
      const marked = new Set(spending.length > 0 ? await this.tokens.markRotatedMany(this.db, spending, this.clock.now()) : []);
      // Two refreshes of one token in a group: the first spends it, the second lost the race.
      const spent = new Set<number>();
      written = placed.map((p) => {
        if (p.rotates === undefined) return true;
        if (!marked.has(p.rotates) || spent.has(p.rotates)) return false;
        spent.add(p.rotates);
        return true;
      });
      const lost = placed.filter((_, i) => !written[i]).map((p) => p.pair.accessKey);
      if (lost.length > 0) await this.tokens.deleteByAccessKeys(this.db, lost);
    } catch (err) {
      for (const p of placed) p.reject(err);
      return;
    }
    this.stats.groups += 1;
    this.stats.pairs += written.filter(Boolean).length;
    placed.forEach((p, i) => p.resolve(written[i]!));
  }
}
