/**
 * Applies pending migrations. Kysely's migrator takes a lock first (an advisory lock on
 * PostgreSQL, the write lock on SQLite), so several instances starting at once apply each
 * migration exactly once.
 */
import { Migrator, PostgresAdapter, sql, type Kysely, type MigrationProvider } from 'kysely';
import { migrations } from './migrations/index.js';

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // One connection for the whole run. On PostgreSQL it has no statement timeout: waiting for
  // the lock while another instance migrates, or a long migration itself (an index on a big
  // table), must not be cancelled by DB_STATEMENT_TIMEOUT_MS, which is meant for requests.
  return db.connection().execute(async (conn) => {
    if (postgres) await sql`set statement_timeout = 0`.execute(conn);
    try {
      return await migrate(conn, postgres);
    } finally {
      // Back to the pool's setting before the connection serves requests.
      if (postgres) await sql`reset statement_timeout`.execute(conn);
    }
  });
}

async function migrate(db: Kysely<any>, postgres: boolean): Promise<string[]> {
  // Kysely looks for its own tables in every schema unless told which one; name the current
  // schema so that databases holding several appdesk schemas (tests, tenants) stay apart.
  let migrationTableSchema: string | undefined;
  if (postgres) {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  const migrator = new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
