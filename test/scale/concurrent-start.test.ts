/**
 * Several instances started at the same moment against a fresh PostgreSQL schema: the
 * migrator's lock makes one of them apply each migration and the others wait, so every
 * instance comes up ready and each migration is recorded once. No retries here: a start
 * that fails is the bug this test is for.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/database.js';
import { call, startServer, type ServerProcess } from '../helpers/server-process.js';

const runs = testDialect === 'postgres';
if (!runs) console.log('[appdesk] concurrent start-up test needs PostgreSQL: skipped in the SQLite pass');

describe.skipIf(!runs)('three instances starting at once on a fresh schema', () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  });

  it('all come up ready, and each migration is applied once', async () => {
    const env = { DATABASE_URL: database.url, APPDESK_WORKER: 'false', LOG_LEVEL: 'warn' };
    const started = await Promise.allSettled([startServer(env), startServer(env), startServer(env)]);
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'up'))).toEqual(['up', 'up', 'up']);

    for (const s of servers) expect((await call(s.url, 'GET', '/readyz')).body).toMatchObject({ code: 0, data: { status: 'ready' } });

    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    try {
      const { rows } = await c.query<{ name: string }>(`select name from ${database.schema}.kysely_migration order by name`);
      expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      // The bootstrap super manager is created once, not once per instance.
      const managers = await c.query<{ n: string }>(`select count(*) as n from ${database.schema}.managers`);
      expect(Number(managers.rows[0]!.n)).toBe(1);
    } finally {
      await c.end();
    }
  }, 300_000);
});
