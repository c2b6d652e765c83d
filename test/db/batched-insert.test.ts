/**
 * Batched inserts: the inserts of one event-loop turn share one statement (on SQLite, one per
 * power of two, all in one commit), each caller gets its own row back (equal rows included),
 * a bad row fails alone, and batches split at 500.
 */
import type { Insertable, Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchedInsert } from '../../src/db/batched-insert.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { isPostgres } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database, FeedbacksTable } from '../../src/db/tables.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let testDb: TestDatabase;
let handle: DatabaseHandle;
let db: Kysely<Database>;
let statements: string[];

beforeEach(async () => {
  testDb = await createTestDatabase();
  handle = testDb.open();
  await migrateToLatest(handle.db);
  statements = [];
  // Every statement the batcher runs passes its result through here (its SQL is built once
  // and reused, so transformQuery would not see each one).
  db = handle.db.withPlugin({
    transformQuery: (args) => args.node,
    transformResult: (args) => {
      statements.push('statement');
      return Promise.resolve(args.result);
    },
  });
});
afterEach(async () => {
  await handle.close();
  await testDb.drop();
});

function feedback(i: number, extra: Partial<Insertable<FeedbacksTable>> = {}): Insertable<FeedbacksTable> {
  return {
    app_id: '',
    user_id: 1 + (i % 3),
    feedback_content: `content ${i}`,
    feedback_status: 0,
    feedback_category_id: 0,
    contact_phone: '',
    created_at: 1_000 + i,
    updated_at: 1_000 + i,
    ...extra,
  };
}

/**
 * Three apps inserted in one turn, the middle one under an id already taken: only that one
 * fails, and the other two are stored.
 */
async function expectBadRowFailsAlone(batcher: { insert(row: Insertable<Database['apps']>): Promise<unknown> }, fresh: [string, string]) {
  const now = Date.now();
  const app = (id: string) => ({ app_id: id, name: id, push_config: '{}', created_at: now, updated_at: now });
  await batcher.insert(app('taken'));
  const results = await Promise.allSettled([batcher.insert(app(fresh[0])), batcher.insert(app('taken')), batcher.insert(app(fresh[1]))]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  const ids = (await db.selectFrom('apps').select('app_id').execute()).map((r) => r.app_id);
  expect(ids.filter((id) => id !== '').sort()).toEqual([...fresh, 'taken'].sort());
}

describe('BatchedInsert', () => {
  it('sends the inserts of one turn together and gives each caller its own row', async () => {
    const batcher = new BatchedInsert(db, 'feedbacks');
    const rows = await Promise.all(Array.from({ length: 40 }, (_, i) => batcher.insert(feedback(i))));
    // One INSERT on PostgreSQL; on SQLite one of 32 rows and one of 8.
    expect(statements).toHaveLength(isPostgres(db) ? 1 : 2);
    rows.forEach((row, i) => {
      expect(row).toMatchObject({ feedback_content: `content ${i}`, user_id: 1 + (i % 3), created_at: 1_000 + i, deleted_at: null });
    });
    expect(new Set(rows.map((r) => r.id)).size).toBe(40);
    // What each caller was told is what the table holds.
    const stored = await db.selectFrom('feedbacks').selectAll().orderBy('id').execute();
    expect(stored).toEqual([...rows].sort((a, b) => a.id - b.id));
  });

  it('gives equal rows distinct ids, one each', async () => {
    const batcher = new BatchedInsert(db, 'feedbacks');
    const rows = await Promise.all(Array.from({ length: 5 }, () => batcher.insert(feedback(7))));
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    expect(await db.selectFrom('feedbacks').select('id').execute()).toHaveLength(5);
  });

  it('fails only the bad row when the shared statement fails', async () => {
    await expectBadRowFailsAlone(new BatchedInsert(db, 'apps'), ['a1', 'a2']);
  });

  it('keeps inserts of different turns apart', async () => {
    const batcher = new BatchedInsert(db, 'feedbacks');
    await batcher.insert(feedback(1));
    await batcher.insert(feedback(2));
    expect(statements).toHaveLength(2);
  });

  it("reuses the SQL of a batch of the same size and columns, with the new batch's own values", async () => {
    const batcher = new BatchedInsert(db, 'feedbacks');
    const first = await Promise.all([1, 2, 3].map((i) => batcher.insert(feedback(i))));
    const second = await Promise.all([4, 5, 6].map((i) => batcher.insert(feedback(i, { feedback_status: 2 }))));
    expect(first.map((r) => [r.feedback_content, r.feedback_status])).toEqual([
      ['content 1', 0],
      ['content 2', 0],
      ['content 3', 0],
    ]);
    expect(second.map((r) => [r.feedback_content, r.feedback_status])).toEqual([
      ['content 4', 2],
      ['content 5', 2],
      ['content 6', 2],
    ]);
    const stored = await db.selectFrom('feedbacks').select(['feedback_content', 'feedback_status']).orderBy('id').execute();
    expect(stored.map((r) => `${r.feedback_content}/${r.feedback_status}`)).toEqual([
      'content 1/0',
      'content 2/0',
      'content 3/0',
      'content 4/2',
      'content 5/2',
      'content 6/2',
    ]);
  });

  it('leaves out columns given as undefined: the column takes its default', async () => {
    const batcher = new BatchedInsert(db, 'feedbacks');
    const withUndefined = feedback(1, { deleted_at: undefined });
    const [defaulted, given] = await Promise.all([batcher.insert(withUndefined), batcher.insert(feedback(2))]);
    expect(Object.keys(withUndefined)).toContain('deleted_at'); // the caller's object is left as it was
    expect(defaulted).toMatchObject({ feedback_content: 'content 1', deleted_at: null });
    expect(given).toMatchObject({ feedback_content: 'content 2', deleted_at: null });
  });

  it('splits batches at 500 rows and groups rows by their columns', async () => {
    const batcher = new BatchedInsert(db, 'feedbacks');
    const many = Array.from({ length: 501 }, (_, i) => batcher.insert(feedback(i)));
    // Without deleted_at: another column list, so another statement.
    const other = batcher.insert(feedback(999, { deleted_at: 5 }));
    const rows = await Promise.all([...many, other]);
    // PostgreSQL: 500 + 1, then the other columns. SQLite: 7 × 64 + 32 + 16 + 4 + 1, then those.
    expect(statements).toHaveLength(isPostgres(db) ? 3 : 12);
    expect(rows.at(-1)).toMatchObject({ feedback_content: 'content 999', deleted_at: 5 });
    expect(await db.selectFrom('feedbacks').select('id').execute()).toHaveLength(502);
  });

  it('writeOnly: statements without RETURNING, each caller told only that its row was written', async () => {
    // What the database answered each statement: RETURNING would have answered the rows.
    const answered: number[] = [];
    const seen = handle.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: (args) => {
        answered.push(args.result.rows.length);
        return Promise.resolve(args.result);
      },
    });
    const writer = BatchedInsert.writeOnly(seen, 'feedbacks');
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => writer.insert(feedback(i))));
    expect(results).toEqual(Array.from({ length: 12 }, () => undefined));
    expect(answered).toEqual(isPostgres(db) ? [0] : [0, 0]); // SQLite: 8 + 4
    const stored = await db.selectFrom('feedbacks').select('feedback_content').orderBy('id').execute();
    expect(stored.map((r) => r.feedback_content).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `content ${i}`).sort());
  });

  it('writeOnly: a bad row fails alone, the others are written', async () => {
    await expectBadRowFailsAlone(BatchedInsert.writeOnly(db, 'apps'), ['b1', 'b2']);
  });

  it('hands each caller its own row when the database answers RETURNING out of order', async () => {
    // Neither dialect promises VALUES order: a database that reversed it must change nothing.
    const reversed = handle.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: (args) => Promise.resolve({ ...args.result, rows: [...args.result.rows].reverse() }),
    });
    const batcher = new BatchedInsert(reversed, 'feedbacks');
    const rows = await Promise.all(Array.from({ length: 6 }, (_, i) => batcher.insert(feedback(i))));
    rows.forEach((row, i) => expect(row).toMatchObject({ feedback_content: `content ${i}`, created_at: 1_000 + i }));
    const stored = await db.selectFrom('feedbacks').selectAll().orderBy('id').execute();
    expect(stored).toEqual([...rows].sort((a, b) => a.id - b.id));
  });

  it('SQLite: a batch of any size runs as INSERTs of powers of two, all in one commit', async ({ skip }) => {
    if (isPostgres(db)) skip();
    const commits = handle.sqliteStats!.commits;
    const batcher = new BatchedInsert(db, 'feedbacks');
    const rows = await Promise.all(Array.from({ length: 13 }, (_, i) => batcher.insert(feedback(i))));
    expect(statements).toHaveLength(3); // 8 + 4 + 1
    expect(handle.sqliteStats!.commits - commits).toBe(1);
    rows.forEach((row, i) => expect(row).toMatchObject({ feedback_content: `content ${i}` }));
    expect(new Set(rows.map((r) => r.id)).size).toBe(13);
  });
});
