/**
 * The SQLite writer thread (started by sqlite-writer-thread.ts): commits the driver's groups
 * of writes (sqlite-driver.ts) on a connection of its own, so that SQLite's work for them (the
 * statements, the commit's WAL writes, the checkpoints) runs beside the event loop instead of
 * on it: about half of a refresh's CPU time (docs/benchmarks.md). One group at a time, each as
 * one transaction. A statement that fails is undone alone; an error that rolls the whole
 * transaction back, or a commit that fails, fails the writes it took with it.
 */
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite, SQLITE_WRITER_CACHE_KIB, StatementCache } from './sqlite-connection.js';
import { revived, type GroupAnswer, type WriteOutcome, type WriteRequest } from './sqlite-writer-protocol.js';

/**
 * The thread runs 10 steps of nice below the event loop (Linux sets priorities per thread).
 * At the same priority, each group it woke for preempted the event loop, the thread that
 * bounds throughput: the event loop waited for a core 9–12 µs a refresh, 3.6–4.2 µs with
 * this, and refreshes and feedback were 4–23 % faster in A/B runs (docs/benchmarks.md,
 * eighteenth pass). The cost: on a machine saturated by other work at normal priority, its
 * groups wait longer for a core (and grow meanwhile: more writes share each commit).
 */
const WRITER_NICE_INCREMENT = 10;
if (process.platform === 'linux') {
  try {
    setPriority(0, Math.min(19, getPriority(0) + WRITER_NICE_INCREMENT));
  } catch {
    // A priority the system refuses to change leaves the thread as fast as the event loop.
  }
}

const port = parentPort!;
const db = openSqlite((workerData as { path: string }).path, SQLITE_WRITER_CACHE_KIB);
const statements = new StatementCache(db);

function run(request: WriteRequest): WriteOutcome {
  const stmt = statements.get(request.sql);
  const parameters = request.parameters.map(revived);
  if (stmt.reader) return { rows: stmt.all(parameters) };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { changes, lastInsertRowid };
}

function failure(err: unknown): WriteOutcome {
  const e = err as { message?: unknown; code?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return { error: typeof e?.code === 'string' ? { message, code: e.code } : { message } };
}

function writeGroup(requests: readonly WriteRequest[]): GroupAnswer {
  const started = performance.now();
  const outcomes: (WriteOutcome | undefined)[] = new Array(requests.length);
  let commits = 0;
  /** The first write of the open transaction: what a lost transaction takes with it. */
  let first = 0;
  const failFrom = (from: number, to: number, err: unknown) => {
    for (let j = from; j < to; j++) if (!outcomes[j] || !('error' in outcomes[j]!)) outcomes[j] = failure(err);
  };
  try {
    db.exec('begin');
    for (let i = 0; i < requests.length; i++) {
      try {
        outcomes[i] = run(requests[i]!);
      } catch (err) {
        outcomes[i] = failure(err);
        if (!db.inTransaction) {
          // Errors such as SQLITE_FULL roll the whole transaction back: the writes before this
          // one in it are lost too. Those after it start a new one.
          failFrom(first, i, err);
          first = i + 1;
          if (first < requests.length) db.exec('begin');
        }
      }
    }
    if (db.inTransaction) {
      db.exec('commit');
      commits += 1;
    }
  } catch (err) {
    // BEGIN or COMMIT refused (a deferred constraint, the disk): nothing of this transaction stays.
    try {
      if (db.inTransaction) db.exec('rollback');
    } catch {
      // The rollback's error adds nothing to the first.
    }
    failFrom(first, requests.length, err);
  }
  return { outcomes: outcomes as WriteOutcome[], commits, busyMs: performance.now() - started };
}

port.on('message', (message: readonly WriteRequest[] | null) => {
  if (message === null) {
    // The driver is closing: nothing is in flight. Closing the port lets the thread end.
    db.close();
    port.close();
    return;
  }
  port.postMessage(writeGroup(message));
});
