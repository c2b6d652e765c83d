/**
 * `node --expose-gc bench/writer-thread-rss.mjs` (after `npm run build`; plain JavaScript, so
 * that no TypeScript loader is counted): what the SQLite writer thread (src/db/sqlite-writer.ts)
 * adds to a process's resident memory when it starts, after 10,000 writes in groups of 50,
 * and once it has ended (what its malloc arena keeps). The V8 flags and malloc setting of
 * `npm start` are the caller's: run it as
 *
 *   MALLOC_MMAP_THRESHOLD_=131072 node --expose-gc --max-semi-space-size=4 --min-semi-space-size=4 bench/writer-thread-rss.mjs
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';

const gc = globalThis.gc;
if (!gc) throw new Error('run with node --expose-gc');
const { openSqlite } = await import('../dist/db/sqlite-connection.js');
const { groupCommitSqliteDialect } = await import('../dist/db/sqlite-driver.js');

const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
const settle = async () => {
  await new Promise((r) => setTimeout(r, 1000));
  gc();
};

const dir = mkdtempSync(join(tmpdir(), 'appdesk-writer-rss-'));
const made = groupCommitSqliteDialect(openSqlite(join(dir, 'a.db')), { writerIdleMs: 3000, threadLoad: 0 });
const db = new Kysely({ dialect: made.dialect });
try {
  await sql`select 1`.execute(db);
  await settle();
  const before = rss();
  const line = (what) => process.stdout.write(`${what.padEnd(28)} ${(rss() - before).toFixed(1).padStart(5)} MB\n`);
  await sql`create table t (id integer primary key, v text)`.execute(db);
  await settle();
  line('thread started');
  for (let k = 0; k < 200; k++) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db
          .insertInto('t')
          .values({ v: `${'x'.repeat(100)}${i}` })
          .execute(),
      ),
    );
  }
  await settle();
  line('after 10,000 writes');
  while (made.driver.writerRunning) await new Promise((r) => setTimeout(r, 250));
  await settle();
  line('thread ended (idle)');
} finally {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
