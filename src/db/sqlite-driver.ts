/**
 * The embedded SQLite driver behind Kysely: reads on the event loop's connection, writes in
 * group commits, on that connection or, once they are heavy, by a writer thread on a
 * connection of its own (sqlite-writer.ts); statements prepared once per SQL text.
 *
 * Group commit: a write outside an explicit transaction joins the group of its event-loop
 * turn, which commits once the turn's I/O callbacks have run (setImmediate). Every write is
 * answered only after that commit, so a client told "saved" was told so after its write
 * reached the WAL, as with one commit per write; one set of WAL writes then serves many
 * requests (a commit alone measured 43–49 µs here, 9 µs a write when 50 share one). A
 * statement that fails is undone alone (SQLite rolls back the statement, not the
 * transaction); should the commit itself fail, every write of the group fails.
 *
 * Where a group commits: SQLite's work for the writes of a busy server (the statements, the
 * commit's WAL writes, the checkpoints) was about half of a refresh's CPU time, all of it on
 * the event loop, which bounds the server's throughput while the other core sat a third
 * idle. So while SQLite's work for the writes takes THREAD_LOAD of the time or more, each group
 * goes to the writer thread, which runs it as one transaction on its own connection, beside
 * the event loop; one group is in the thread at a time, and the writes arriving meanwhile
 * make the next, larger one. Below that, groups commit on the event loop's connection, as
 * every group did before the thread: a few writes a second gain nothing from it, and the
 * thread's memory is spent only while writes are heavy (it ends when idle).
 * Only one connection writes at a time: a group goes to the thread only when none is open
 * here, and commits here only when none is with the thread. WAL lets the event loop's
 * connection read while the thread writes.
 *
 * Reads stay in order with writes: a read issued while writes wait for their commit runs
 * after that commit (inside the open group, when it commits here), so it sees every write
 * issued before it and answers nothing uncommitted, as on one connection.
 *
 * Explicit transactions (db.transaction()) run on the event loop's connection and have the
 * database to themselves: the writes already issued are committed first, and other queries
 * wait until the transaction ends, as they waited for Kysely's own SQLite driver's mutex.
 *
 * An in-memory database cannot be shared with another connection: there, every group
 * commits on its one connection.
 */
import type SQLite from 'better-sqlite3';
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import { StatementCache } from './sqlite-connection.js';
import { SqliteWriterThread } from './sqlite-writer-thread.js';
import { revived, type GroupAnswer, type WriteOutcome } from './sqlite-writer-protocol.js';

export interface SqliteDriverOptions {
  /** How long the writer thread outlives its last write (sqlite-writer-thread.ts). */
  writerIdleMs?: number;
  /** THREAD_LOAD: 0 sends every group to the thread, Infinity none. */
  threadLoad?: number;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * When SQLite's work for the writes (their statements and commits, wherever they ran) took
 * at least this share of the time lately, groups go to the writer thread; below it, they
 * commit on the event loop's connection. The bench's logins, one write each, are near 0.004;
 * refreshes and feedback under load, 0.3 and more. At a few writes a second the thread saves
 * nothing, and its memory (sqlite-writer-thread.ts) would count against the peak.
 */
export const THREAD_LOAD = 0.05;
/** "Lately": the share is taken over windows of this length, the last one and the current one. */
const LOAD_WINDOW_MS = 250;

interface PendingWrite {
  query: CompiledQuery;
  resolve(result: QueryResult<unknown>): void;
  reject(err: unknown): void;
}

/** Writes waiting for one commit, and who waits for that commit to read after it. */
class Group {
  readonly writes: PendingWrite[] = [];
  private readonly settled: (() => void)[] = [];

  /** Resolves once the group's commit is over (whatever its outcome). */
  done(): Promise<void> {
    return new Promise((resolve) => this.settled.push(resolve));
  }

  settle(): void {
    for (const wake of this.settled) wake();
  }
}

class SqliteConnection implements DatabaseConnection {
  constructor(private readonly driver: GroupCommitSqliteDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, query);
  }

  /** Not used by appdesk: answered whole rather than holding the connection between chunks. */
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const result = await this.driver.execute<R>(this, query);
    for (const row of result.rows) yield { rows: [row] };
  }
}

export class GroupCommitSqliteDriver implements Driver {
  private readonly statements: StatementCache;
  /** The connection inside an explicit transaction; others wait for it. */
  private owner: SqliteConnection | null = null;
  private ownerReleased: (() => void)[] = [];
  /** Writes gathering for the next commit; null when none wait. */
  private open: Group | null = null;
  /** The group the writer thread is committing; null when it is idle. */
  private inFlight: Group | null = null;
  /** Waiters of the group being written on this connection; null when none is open. */
  private here: Waiter[] | null = null;
  /** SQLite's time for the writes in the current window, and its share in the last one. */
  private windowStart = performance.now();
  private windowBusyMs = 0;
  private lastWindowLoad = 0;
  /** The SQLite work of the group open on this connection so far. */
  private hereMs = 0;
  /** Null for an in-memory database: its writes run here. */
  private readonly writer: SqliteWriterThread | null;
  private readonly threadLoad: number;
  private closing = false;
  /** Group commits made and the writes they carried (tests and benchmarks read them). */
  readonly stats = { commits: 0, queries: 0 };

  constructor(
    private readonly raw: SQLite.Database,
    options: SqliteDriverOptions = {},
  ) {
    this.writer = raw.memory ? null : new SqliteWriterThread(raw.name, options.writerIdleMs);
    this.threadLoad = options.threadLoad ?? THREAD_LOAD;
    this.statements = new StatementCache(raw);
  }

  /** Whether the writer thread is running now (it ends after a quiet spell). */
  get writerRunning(): boolean {
    return this.writer?.running ?? false;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SqliteConnection(this);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // Kysely ends its transactions before releasing; this only guards against one left open.
    if (this.owner === connection) {
      if (this.raw.inTransaction) this.raw.exec('rollback');
      this.release();
    }
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    while (this.owner !== null) await this.ownerEnded();
    this.owner = connection as SqliteConnection;
    try {
      // Writes issued before the transaction commit before it; those issued after wait for it.
      this.commitHere();
      await this.drain();
      this.raw.exec('begin');
    } catch (err) {
      this.release();
      throw err;
    }
  }

  async commitTransaction(): Promise<void> {
    // A failed commit leaves the transaction open: Kysely rolls it back, which releases it.
    this.raw.exec('commit');
    this.release();
  }

  async rollbackTransaction(): Promise<void> {
    try {
      if (this.raw.inTransaction) this.raw.exec('rollback');
    } finally {
      this.release();
    }
  }

  async savepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.raw.exec(`savepoint "${name}"`);
  }

  async rollbackToSavepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.raw.exec(`rollback to "${name}"`);
  }

  async releaseSavepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.raw.exec(`release "${name}"`);
  }

  async destroy(): Promise<void> {
    // Writes already issued are committed; queries issued from now on are refused.
    this.closing = true;
    this.commitHere();
    await this.drain();
    await this.writer?.close();
    this.statements.clear();
    this.raw.close();
  }

  execute<R>(connection: SqliteConnection, query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.owner !== null && this.owner !== connection) {
      return this.ownerEnded().then(() => this.execute<R>(connection, query));
    }
    if (this.closing) return rejected(new Error('the database is closed'));
    let stmt: SQLite.Statement;
    try {
      stmt = this.statements.get(query.sql);
    } catch (err) {
      return rejected(err);
    }
    if (this.owner === connection) return this.runHere<R>(stmt, query);
    // A group open on this connection takes every query until it commits (this turn).
    if (this.here !== null) return this.joinHere<R>(stmt, query);
    const pending = this.open ?? this.inFlight;
    if (pending === null) {
      if (stmt.readonly) return this.runHere<R>(stmt, query);
      if (this.writer === null || !this.writesAreHeavy()) return this.joinHere<R>(stmt, query);
    } else if (stmt.readonly) {
      // After the writes issued before it; not again after those issued while it waited.
      return pending.done().then(() => this.readAfterWrites<R>(connection, stmt, query));
    }
    let group = this.open;
    if (group === null) {
      group = this.open = new Group();
      setImmediate(() => this.send());
    }
    return new Promise<QueryResult<R>>((resolve, reject) =>
      group.writes.push({ query, resolve: resolve as (result: QueryResult<unknown>) => void, reject }),
    );
  }

  /**
   * A statement of the group committed on this connection: run now inside its transaction,
   * answered once it commits. A read joins it too, so that it answers nothing uncommitted.
   */
  private joinHere<R>(stmt: SQLite.Statement, query: CompiledQuery): Promise<QueryResult<R>> {
    let group = this.here;
    if (group === null) {
      try {
        this.raw.exec('begin');
      } catch (err) {
        return rejected(err);
      }
      group = this.here = [];
      this.hereMs = 0;
      setImmediate(() => this.commitHere());
    }
    let result: QueryResult<R>;
    const started = performance.now();
    try {
      result = run<R>(stmt, query.parameters);
      this.hereMs += performance.now() - started;
    } catch (err) {
      // Errors such as SQLITE_FULL roll the whole transaction back: the group is lost.
      if (!this.raw.inTransaction) this.failHere(err);
      return rejected(err);
    }
    return new Promise<QueryResult<R>>((resolve, reject) => group.push({ resolve: () => resolve(result), reject }));
  }

  private countWork(ms: number): void {
    this.rollWindow(performance.now());
    this.windowBusyMs += ms;
  }

  private rollWindow(now: number): void {
    const elapsed = now - this.windowStart;
    if (elapsed < LOAD_WINDOW_MS) return;
    this.lastWindowLoad = this.windowBusyMs / elapsed;
    this.windowStart = now;
    this.windowBusyMs = 0;
  }

  /** Whether SQLite's work for the writes took THREAD_LOAD of the time lately. */
  private writesAreHeavy(): boolean {
    const now = performance.now();
    this.rollWindow(now);
    const current = this.windowBusyMs / Math.max(now - this.windowStart, LOAD_WINDOW_MS);
    return Math.max(this.lastWindowLoad, current) >= this.threadLoad;
  }

  private commitHere(): void {
    const group = this.here;
    if (group === null) return;
    this.here = null;
    const started = performance.now();
    try {
      this.raw.exec('commit');
    } catch (err) {
      try {
        if (this.raw.inTransaction) this.raw.exec('rollback');
      } catch {
        // The rollback error adds nothing to the commit's.
      }
      for (const w of group) w.reject(err);
      return;
    }
    this.countWork(this.hereMs + performance.now() - started);
    this.stats.commits += 1;
    this.stats.queries += group.length;
    for (const w of group) w.resolve();
  }

  private failHere(err: unknown): void {
    const group = this.here;
    this.here = null;
    for (const w of group ?? []) w.reject(err);
  }

  /** A read that waited for writes: runs now, unless a transaction began meanwhile. */
  private readAfterWrites<R>(connection: SqliteConnection, stmt: SQLite.Statement, query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.owner !== null && this.owner !== connection) {
      return this.ownerEnded().then(() => this.readAfterWrites<R>(connection, stmt, query));
    }
    // A write answered by the same commit may have opened a group here already: the read
    // joins it rather than answer what that group has not committed yet.
    if (this.here !== null) return this.joinHere<R>(stmt, query);
    return this.runHere<R>(stmt, query);
  }

  private runHere<R>(stmt: SQLite.Statement, query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(run<R>(stmt, query.parameters));
    } catch (err) {
      return rejected(err);
    }
  }

  /** Hands the open group to the writer thread, unless it is busy with the one before. */
  private send(): void {
    const group = this.open;
    if (group === null || this.inFlight !== null) return;
    this.open = null;
    this.inFlight = group;
    const done = () => {
      this.inFlight = null;
      group.settle();
      // The writes that gathered meanwhile: once this turn's callbacks have joined them.
      if (this.open !== null) setImmediate(() => this.send());
    };
    this.writer!.write(group.writes.map((w) => ({ sql: w.query.sql, parameters: w.query.parameters }))).then(
      (answer) => {
        try {
          this.answer(group, answer);
        } finally {
          done();
        }
      },
      (err: unknown) => {
        for (const w of group.writes) w.reject(err);
        done();
      },
    );
  }

  private answer(group: Group, answer: GroupAnswer): void {
    this.stats.commits += answer.commits;
    this.countWork(answer.busyMs);
    group.writes.forEach((w, i) => {
      const outcome = answer.outcomes[i];
      if (outcome === undefined || 'error' in outcome) {
        const error = outcome?.error ?? { message: 'the SQLite writer thread gave no outcome for this write' };
        w.reject(Object.assign(new Error(error.message), error.code ? { code: error.code } : {}));
        return;
      }
      this.stats.queries += 1;
      w.resolve(toResult(outcome));
    });
  }

  /** Waits until every write issued so far is committed (or failed). */
  private async drain(): Promise<void> {
    while (this.open !== null || this.inFlight !== null) {
      const group = (this.inFlight ?? this.open)!;
      const done = group.done();
      if (this.inFlight === null) this.send();
      await done;
    }
  }

  private ownerEnded(): Promise<void> {
    return new Promise((resolve) => this.ownerReleased.push(resolve));
  }

  private release(): void {
    this.owner = null;
    const waiting = this.ownerReleased;
    this.ownerReleased = [];
    for (const wake of waiting) wake();
  }
}

function rejected(err: unknown): Promise<never> {
  return Promise.reject(err instanceof Error ? err : new Error(String(err)));
}

function run<R>(stmt: SQLite.Statement, parameters: readonly unknown[]): QueryResult<R> {
  if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/** A write's outcome from the writer thread, as Kysely's result; BLOBs back into Buffers. */
function toResult<R>(outcome: Exclude<WriteOutcome, { error: unknown }>): QueryResult<R> {
  if ('rows' in outcome) {
    for (const row of outcome.rows as Record<string, unknown>[]) {
      for (const key in row) row[key] = revived(row[key]);
    }
    return { rows: outcome.rows as R[] };
  }
  return { numAffectedRows: BigInt(outcome.changes), insertId: BigInt(outcome.lastInsertRowid), rows: [] };
}

/** Kysely's SQLite dialect with the driver above. */
export function groupCommitSqliteDialect(
  raw: SQLite.Database,
  options: SqliteDriverOptions = {},
): { dialect: Dialect; driver: GroupCommitSqliteDriver } {
  const driver = new GroupCommitSqliteDriver(raw, options);
  return {
    driver,
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new SqliteQueryCompiler(),
      createIntrospector: (db) => new SqliteIntrospector(db),
    },
  };
}
