/**
 * Group commit in the SQLite driver: the writes of one event-loop turn share a commit, made
 * by the writer thread on its own connection, each answered after it; a failing statement
 * fails alone; a failing commit fails its whole group and saves none of it; reads see every
 * write issued before them; explicit transactions have the database to themselves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql, type CompiledQuery, type Generated } from 'kysely';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { isUniqueViolation } from '../../src/db/errors.js';
import { openSqlite } from '../../src/db/sqlite-connection.js';
import { groupCommitSqliteDialect, THREAD_LOAD, type GroupCommitSqliteDriver } from '../../src/db/sqlite-driver.js';
import { testDialect } from '../helpers/database.js';
import { threadNice, threadNices } from '../helpers/thread-nice.js';
import { EVENT_MS, until } from '../helpers/wait.js';

// The driver is SQLite's own: the PostgreSQL pass has nothing to add.
const skip = testDialect !== 'sqlite';

interface Db {
  notes: { id: Generated<number>; body: string; parent_id: number | null; data: Buffer | null };
}

let dir: string;
let path: string;
let db: Kysely<Db>;
let driver: GroupCommitSqliteDriver;
/** Where groups commit in the tests that follow: 0 sends each to the writer thread, Infinity none. */
let threadLoad = 0;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'appdesk-driver-'));
  path = join(dir, 'a.db');
  const made = groupCommitSqliteDialect(openSqlite(path), { threadLoad });
  driver = made.driver;
  db = new Kysely<Db>({ dialect: made.dialect });
  // A deferred foreign key is checked at commit: the way to make a commit fail on purpose.
  await sql`create table notes (id integer primary key, body text not null unique,
    parent_id integer references notes(id) deferrable initially deferred, data blob)`.execute(db);
});
afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** What another connection (another process, after a crash) finds on disk. */
function bodiesOnDisk(): string[] {
  const other = openSqlite(path);
  try {
    return (other.prepare('select body from notes order by id').all() as { body: string }[]).map((r) => r.body);
  } finally {
    other.close();
  }
}

const insert = (body: string, parent: number | null = null) =>
  db.insertInto('notes').values({ body, parent_id: parent }).returning('id').executeTakeFirstOrThrow();

/** The event loop's connection: PRAGMA data_version moves only when another connection commits. */
const dataVersion = () =>
  db.executeQuery<{ data_version: number }>(sql`pragma data_version`.compile(db)).then((r) => r.rows[0]!.data_version);

const WHERE = [
  ['with the writer thread', 0],
  ['on the event loop’s connection', Infinity],
] as const;

describe.skipIf(skip).each(WHERE)('group commit %s', (_where, ms) => {
  beforeAll(() => {
    threadLoad = ms;
  });

  it('commits the writes of one turn together, and answers each only once it is on disk', async () => {
    const before = { ...driver.stats };
    const pending = Array.from({ length: 50 }, (_, i) => insert(`n${i}`));
    // Nothing is committed (nor answered) before the turn ends.
    expect(bodiesOnDisk()).toEqual([]);
    const ids = await Promise.all(pending);
    expect(new Set(ids.map((r) => r.id)).size).toBe(50);
    expect(bodiesOnDisk()).toHaveLength(50);
    expect(driver.stats.commits - before.commits).toBe(1);
    expect(driver.stats.queries - before.queries).toBe(50);
  });

  it('fails a failing statement alone; the others of its group are saved', async () => {
    await insert('taken');
    const results = await Promise.allSettled([insert('a'), insert('taken'), insert('b')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(bodiesOnDisk()).toEqual(['taken', 'a', 'b']);
  });

  it('fails every query of a group whose commit fails, saves none of it, and goes on', async () => {
    // parent 999 does not exist: only the commit notices (deferred constraint).
    const results = await Promise.allSettled([insert('x'), insert('orphan', 999), insert('y')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(bodiesOnDisk()).toEqual([]);
    await Promise.all([insert('after-1'), insert('after-2')]);
    expect(bodiesOnDisk()).toEqual(['after-1', 'after-2']);
  });

  it('reads see committed data only after their group commits', async () => {
    const write = insert('w');
    const read = db.selectFrom('notes').select('body').execute();
    const [, rows] = await Promise.all([write, read]);
    expect(rows.map((r) => r.body)).toEqual(['w']);
  });
});

describe.skipIf(skip)('the writer thread', () => {
  beforeAll(() => {
    threadLoad = 0;
  });

  it('commits on a connection of its own, not the event loop’s', async () => {
    await insert('first');
    const before = await dataVersion();
    await insert('second');
    expect(await dataVersion()).not.toBe(before);
    expect(bodiesOnDisk()).toEqual(['first', 'second']);
  });

  it('hands back BLOBs as Buffers and keeps a refusal’s SQLite code', async () => {
    const data = Buffer.from([0, 1, 2, 255]);
    const row = await db
      .insertInto('notes')
      .values({ body: 'blob', parent_id: null, data })
      .returning(['id', 'data'])
      .executeTakeFirstOrThrow();
    expect(Buffer.isBuffer(row.data)).toBe(true);
    expect(row.data).toEqual(data);
    const refused = await insert('blob').then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(Error);
    expect((refused as { code?: string }).code).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(isUniqueViolation(refused)).toBe(true);
  });

  it('folds case in lower() as the event loop’s connection does', async () => {
    await insert('İSTANBUL ΟΔΥΣΣΕΥΣ');
    await db
      .updateTable('notes')
      .set({ body: sql<string>`lower(body)` })
      .execute();
    expect(bodiesOnDisk()).toEqual(['istanbul οδυσσευσ']);
  });

  it('lets a read issued behind writes see all of them, with the next group still gathering', async () => {
    const first = insert('a');
    // The first group is with the thread by the next turn; these gather for the one after it.
    await new Promise((r) => setImmediate(r));
    const second = insert('b');
    const read = db.selectFrom('notes').select('body').orderBy('id').execute();
    const third = insert('c');
    expect((await read).map((r) => r.body)).toEqual(expect.arrayContaining(['a', 'b']));
    await Promise.all([first, second, third]);
  });

  it('lets a read that waited for the thread answer only what is committed, even with a group opened here meanwhile', async () => {
    const connection = await driver.acquireConnection();
    const exec = (query: { compile: () => CompiledQuery }) => connection.executeQuery<{ body: string }>(query.compile());
    // With the thread: the write is in flight by the next turn, and the read waits for it.
    const first = exec(db.insertInto('notes').values({ body: 'a', parent_id: null }));
    await new Promise((r) => setImmediate(r));
    const read = exec(db.selectFrom('notes').select('body').orderBy('id'));
    // From now on groups commit here; the write answered first opens one before the read runs.
    (driver as unknown as { threadLoad: number }).threadLoad = Infinity;
    const second = first.then(() => exec(db.insertInto('notes').values({ body: 'b', parent_id: null })));
    const rows = (await read).rows.map((r) => r.body);
    // Everything the read saw was on disk when it answered.
    expect(bodiesOnDisk()).toEqual(expect.arrayContaining(rows));
    await second;
    expect(bodiesOnDisk()).toEqual(['a', 'b']);
  });

  it('fails the group a dying thread held, and the next writes start a new thread', async () => {
    await insert('before');
    const writer = (driver as unknown as { writer: { worker: Worker | null } }).writer;
    const doomed = writer.worker!;
    const lost = insert('lost');
    await new Promise((r) => setImmediate(r));
    await doomed.terminate();
    await expect(lost).rejects.toThrow(/writer thread exited/);
    await insert('after');
    expect(writer.worker).not.toBe(doomed);
    expect(bodiesOnDisk()).toEqual(['before', 'after']);
  });

  // Linux sets priorities per thread; a process already at nice 10 or more has no room below.
  it.runIf(process.platform === 'linux' && threadNice() <= 9)(
    'runs 10 steps of nice below the event loop, and only while it lives',
    { timeout: EVENT_MS },
    async () => {
      const own = threadNice();
      const lowered = own + 10;
      const atLowered = () => threadNices().filter((n) => n === lowered).length;
      // This test's own driver (beforeEach) has its thread already: one at that priority.
      expect(await until(() => atLowered() === 1, EVENT_MS, 10)).toBe(true);
      const made = groupCommitSqliteDialect(openSqlite(join(dir, 'nice.db')), { threadLoad: 0 });
      const other = new Kysely<Db>({ dialect: made.dialect });
      try {
        await sql`create table notes (id integer primary key, body text not null unique, parent_id integer, data blob)`.execute(other);
        expect(made.driver.writerRunning).toBe(true);
        expect(atLowered()).toBe(2);
      } finally {
        await other.destroy();
      }
      // A thread's task leaves /proc a moment after it ended.
      expect(await until(() => atLowered() === 1, EVENT_MS, 10)).toBe(true);
      expect(threadNice()).toBe(own);
    },
  );

  it('ends after a quiet spell, and the next write starts it again', { timeout: EVENT_MS }, async () => {
    const made = groupCommitSqliteDialect(openSqlite(join(dir, 'idle.db')), { writerIdleMs: 20, threadLoad: 0 });
    const quick = new Kysely<Db>({ dialect: made.dialect });
    try {
      await sql`create table notes (id integer primary key, body text not null unique, parent_id integer, data blob)`.execute(quick);
      expect(made.driver.writerRunning).toBe(true);
      expect(await until(() => !made.driver.writerRunning, EVENT_MS, 10)).toBe(true);
      await quick.insertInto('notes').values({ body: 'again', parent_id: null, data: null }).execute();
      expect(made.driver.writerRunning).toBe(true);
      expect((await quick.selectFrom('notes').select('body').execute()).map((r) => r.body)).toEqual(['again']);
    } finally {
      await quick.destroy();
    }
  });

  it('commits the writes it holds before closing, and refuses writes after', async () => {
    const pending = Promise.all([insert('x'), insert('y')]);
    // In the driver by the next turn: with the thread, or gathering for it.
    await new Promise((r) => setImmediate(r));
    await db.destroy();
    await pending;
    expect(bodiesOnDisk()).toEqual(['x', 'y']);
    await expect(insert('z')).rejects.toThrow();
    // afterEach destroys it again: a closed driver's destroy must not fail.
    db = new Kysely<Db>({ dialect: groupCommitSqliteDialect(openSqlite(path)).dialect });
  });
});

describe.skipIf(skip)('an in-memory database', () => {
  it('commits every group on its one connection, even with every group meant for the thread', async () => {
    const made = groupCommitSqliteDialect(openSqlite(':memory:'), { threadLoad: 0 });
    const mem = new Kysely<Db>({ dialect: made.dialect });
    try {
      await sql`create table notes (id integer primary key, body text not null unique, parent_id integer, data blob)`.execute(mem);
      const commits = made.driver.stats.commits;
      const results = await Promise.allSettled(
        ['m1', 'm1', 'm2'].map((body) => mem.insertInto('notes').values({ body, parent_id: null, data: null }).execute()),
      );
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await mem.selectFrom('notes').select('body').orderBy('id').execute()).map((r) => r.body)).toEqual(['m1', 'm2']);
      expect(made.driver.stats.commits - commits).toBe(1);
      expect(made.driver.writerRunning).toBe(false);
    } finally {
      await mem.destroy();
    }
  });
});

describe.skipIf(skip)('where a group commits', () => {
  beforeAll(() => {
    threadLoad = THREAD_LOAD;
  });

  it(
    'here while writes are light, with the thread while they are heavy, and here again once they are light',
    { timeout: EVENT_MS },
    async () => {
      const first = await dataVersion();
      await insert('quick');
      expect(await dataVersion()).toBe(first);
      expect(driver.writerRunning).toBe(false);
      // 20,000 rows in one turn: tens of milliseconds of SQLite's work, most of a 250 ms window.
      await Promise.all(Array.from({ length: 20_000 }, (_, i) => insert(`heavy-${i}`)));
      const afterHeavy = await dataVersion();
      await insert('with the thread');
      expect(await dataVersion()).not.toBe(afterHeavy);
      expect(driver.writerRunning).toBe(true);
      // Single rows, spaced: once the windows that saw the burst have passed, they commit here.
      let here = false;
      for (let i = 0; i < 100 && !here; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const before = await dataVersion();
        await insert(`quick-${i}`);
        here = (await dataVersion()) === before;
      }
      expect(here).toBe(true);
      const bodies = bodiesOnDisk();
      expect(bodies).toEqual(expect.arrayContaining(['quick', 'with the thread']));
      expect(bodies.filter((b) => b.startsWith('heavy-'))).toHaveLength(20_000);
    },
  );
});

describe.skipIf(skip).each(WHERE)('explicit transactions %s', (_where, ms) => {
  beforeAll(() => {
    threadLoad = ms;
  });

  it('commit the open group first, keep other queries waiting, and roll back only their own writes', async () => {
    const grouped = insert('before');
    let outsideDone = false;
    const failing = db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ body: 'inside', parent_id: null }).execute();
      // A query from elsewhere started now waits for this transaction to end.
      void insert('outside').then(() => (outsideDone = true));
      await new Promise((r) => setTimeout(r, 20));
      expect(outsideDone).toBe(false);
      throw new Error('abandon');
    });
    await expect(failing).rejects.toThrow('abandon');
    await grouped;
    // Waited for (bounded), not slept: it runs once the transaction is over, however slow the machine.
    await until(() => outsideDone, EVENT_MS, 5);
    expect(outsideDone).toBe(true);
    expect(bodiesOnDisk()).toEqual(['before', 'outside']);
  });

  it('run one after another', async () => {
    const order: string[] = [];
    await Promise.all(
      ['t1', 't2', 't3'].map((name) =>
        db.transaction().execute(async (trx) => {
          order.push(`${name}:begin`);
          await trx.insertInto('notes').values({ body: name, parent_id: null }).execute();
          await new Promise((r) => setTimeout(r, 5));
          order.push(`${name}:end`);
        }),
      ),
    );
    expect(order).toEqual(['t1:begin', 't1:end', 't2:begin', 't2:end', 't3:begin', 't3:end']);
    expect(bodiesOnDisk()).toEqual(['t1', 't2', 't3']);
  });
});

describe.skipIf(skip)('connection settings', () => {
  it('keeps SQLite’s own 2 MB page cache (not better-sqlite3’s 16 MB), temp files in memory, in WAL mode with NORMAL sync', () => {
    const other = openSqlite(path);
    try {
      // A negative cache_size counts KiB; 16 MB of cached pages was a ninth of the server's peak RSS.
      expect(other.pragma('cache_size', { simple: true })).toBe(-2000);
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(other.pragma('synchronous', { simple: true })).toBe(1);
      // 2 = MEMORY: the statement journal of a group's multi-row INSERT never becomes a temp file.
      expect(other.pragma('temp_store', { simple: true })).toBe(2);
    } finally {
      other.close();
    }
  });
});
