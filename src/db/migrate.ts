/**
 * Applies pending migrations. Kysely's migrator takes a lock first (an advisory lock on
 * PostgreSQL, the write lock on SQLite), so several instances starting at once apply each
 * migration exactly once.
 */
import {
  Migrator,
  PostgresAdapter,
  sql,
  type DatabaseIntrospector,
  type Kysely,
  type MigrationProvider,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely';
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
  const migrator = new Migrator({
    db: migrationTableSchema ? withSchemaIntrospection(db, migrationTableSchema) : db,
    provider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * The migrator asks the introspector whether its own tables exist. Kysely's PostgreSQL
 * introspector reads every column of every schema, and resolves each table by name again
 * while doing so: a table another process creates or drops meanwhile (another deployment's
 * migration, a test run) fails that query. Only our schema is of interest; look only there.
 */
function withSchemaIntrospection(db: Kysely<any>, schema: string): Kysely<any> {
  const introspector: DatabaseIntrospector = {
    async getSchemas(): Promise<SchemaMetadata[]> {
      const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(
        db,
      );
      return rows;
    },
    async getTables(): Promise<TableMetadata[]> {
      const { rows } = await sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables where schemaname = ${schema}`.execute(
        db,
      );
      return rows.map((r) => ({ name: r.name, schema, isView: false, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  // Kysely keeps its state in private fields: its methods must run on the instance itself.
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspector;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
