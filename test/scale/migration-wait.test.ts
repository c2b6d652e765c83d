/**
 * An instance that starts while another holds the migration lock waits for it, however
 * long the other's migrations take: DB_STATEMENT_TIMEOUT_MS bounds requests, not the wait
 * for the lock nor a long migration.
 */
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import { createDatabase } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { TEST_ENV } from '../helpers/app.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/database.js';

const runs = testDialect === 'postgres';
if (!runs) console.log('[appdesk] migration lock wait test needs PostgreSQL: skipped in the SQLite pass');

// Kysely's migration lock (PostgresAdapter): one advisory lock id for every schema.
const KYSELY_MIGRATION_LOCK = '3853314791062309107';

describe.skipIf(!runs)('start-up while another instance migrates', () => {
  let database: TestDatabase;
  let container: Container | undefined;
  let holder: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    holder = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await holder.connect();
  });
  afterAll(async () => {
    await holder.query(`select pg_advisory_unlock(${KYSELY_MIGRATION_LOCK})`).catch(() => undefined);
    await holder.end();
    await container?.close();
    await database.drop();
  });

  it('waits for the lock longer than the statement timeout, then migrates', async () => {
    await holder.query(`select pg_advisory_lock(${KYSELY_MIGRATION_LOCK})`);
    const config = loadConfig({ ...TEST_ENV, DATABASE_URL: database.url, DB_STATEMENT_TIMEOUT_MS: '300' });
    const handle = createDatabase(process.env.TEST_DATABASE_URL!, { schema: database.schema!, statementTimeoutMs: 300 });
    const starting = createContainer(config, { database: handle, logger: pino({ level: 'silent' }) }).then(
      (c) => c,
      (err: unknown) => err as Error,
    );
    // Held for several statement timeouts, as a long migration on another instance would.
    await new Promise((r) => setTimeout(r, 1200));
    await holder.query(`select pg_advisory_unlock(${KYSELY_MIGRATION_LOCK})`);
    const started = await starting;
    expect(started).not.toBeInstanceOf(Error);
    container = started as Container;
    const { rows } = await holder.query<{ name: string }>(`select name from ${database.schema}.kysely_migration order by name`);
    expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    // Requests are still bounded by the statement timeout afterwards.
    await expect(sql`select pg_sleep(1)`.execute(container.database.db)).rejects.toThrow(/statement timeout/);
  });
});
