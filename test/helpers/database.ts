/**
 * A fresh database for each test app: a temporary SQLite file, or, in the PostgreSQL pass
 * (APPDESK_TEST_DB=postgres), a new schema in TEST_DATABASE_URL dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';

export const testDialect: 'sqlite' | 'postgres' = process.env.APPDESK_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  url: string;
  schema?: string;
  open(): DatabaseHandle;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDialect === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('APPDESK_TEST_DB=postgres needs TEST_DATABASE_URL');
    // The run id (pg-global-setup.ts) lets the run drop exactly its own schemas afterwards.
    const schema = `t_${process.env.APPDESK_TEST_RUN ?? 'x'}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const withSchema = new URL(url);
    withSchema.searchParams.set('options', `-c search_path=${schema}`);
    return {
      url: withSchema.toString(),
      schema,
      open: () => createDatabase(url, { schema, poolMax: 10 }),
      // Dropped after the whole run (pg-global-setup.ts): dropping while other files migrate
      // breaks their schema introspection.
      drop: () => Promise.resolve(),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'appdesk-test-'));
  const url = `sqlite:${join(dir, 'appdesk.db')}`;
  return {
    url,
    open: () => createDatabase(url),
    drop: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/** A migrator over `handle`'s database, for tests that stop at a given migration or go back. */
export function testMigrator(database: TestDatabase, handle: DatabaseHandle): Migrator {
  return new Migrator({
    db: handle.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
}
