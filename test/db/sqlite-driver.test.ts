/**
 * Group commit in the SQLite driver: the writes of one event-loop turn share a commit, each
 * answered after it; a failing statement fails alone; a failing commit fails its whole group
 * and saves none of it; explicit transactions have the connection to themselves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/database.js';
import { groupCommitSqliteDialect, type GroupCommitSqliteDriver } from '../../src/db/sqlite-driver.js';
import { testDialect } from '../helpers/database.js';
import { EVENT_MS, until } from '../helpers/wait.js';

// The driver is SQLite's own: the PostgreSQL pass has nothing to add.
const skip = testDialect !== 'sqlite';

interface Db {
  notes: { id: Generated<number>; body: string; parent_id: number | null };
}

let dir: string;
let path: string;
let db: Kysely<Db>;
let driver: GroupCommitSqliteDriver;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'appdesk-driver-'));
  path = join(dir, 'a.db');
  const made = groupCommitSqliteDialect(openSqlite(path));
  driver = made.driver;
  db = new Kysely<Db>({ dialect: made.dialect });
  // A deferred foreign key is checked at commit: the way to make a commit fail on purpose.
  await sql`create table notes (id integer primary key, body text not null unique,
    parent_id integer references notes(id) deferrable initially deferred)`.execute(db);
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

describe.skipIf(skip)('group commit', () => {
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

describe.skipIf(skip)('explicit transactions', () => {
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
