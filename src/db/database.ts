/**
 * Opens the database named by DATABASE_URL: embedded SQLite (better-sqlite3) or PostgreSQL
 * (pg). Both sit behind the same Kysely instance so every query is written once. Only the
 * driver of the dialect in use is loaded: pg alone is about 2 MB of a SQLite server's memory,
 * better-sqlite3 a native library a PostgreSQL server never calls.
 */
import { createRequire } from 'node:module';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { openSqlite } from './sqlite-connection.js';
import { groupCommitSqliteDialect } from './sqlite-driver.js';
import { preparingPool } from './pg-statements.js';
import type { Database } from './tables.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The PostgreSQL pool, when the dialect is postgres (for LISTEN and health checks). */
  pool?: pg.Pool;
  /** SQLite: group commits made and the writes they carried. */
  sqliteStats?: { commits: number; queries: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  poolMax?: number;
  connectTimeoutMs?: number;
  /** PostgreSQL schema to use (tests isolate each file in its own). */
  schema?: string;
  /** Cancels a PostgreSQL statement running longer (0: never). */
  statementTimeoutMs?: number;
  /** Shown in pg_stat_activity, so operators (and tests) can tell pools apart. */
  applicationName?: string;
}

const IDLE_IN_TRANSACTION_MS = 60_000;
// pg is CommonJS: required on first use, synchronously, as a static import would.
const require = createRequire(import.meta.url);
export const loadPg = (): typeof pg => require('pg') as typeof pg;

export function createDatabase(url: string, options: DatabaseOptions = {}): DatabaseHandle {
  if (url.startsWith('sqlite:')) {
    const raw = openSqlite(url.slice('sqlite:'.length));
    const { dialect, driver } = groupCommitSqliteDialect(raw);
    const db = new Kysely<Database>({ dialect });
    return { db, dialect: 'sqlite', sqliteStats: driver.stats, close: () => db.destroy() };
  }
  const pg = loadPg();
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      // bigint (20) and numeric counts: our values fit in a double (epoch ms, ids, counts).
      if (oid === 20) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30000,
    // TCP keep-alive notices connections a firewall or load balancer dropped silently.
    keepAlive: true,
    // A process frozen inside a transaction would hold its row and advisory locks (rate
    // limits serialise on those) for every other instance; the server ends such a session.
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    types,
    application_name: options.applicationName ?? 'appdesk',
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client losing its connection (database restart) must not crash the process;
  // the pool drops it and the next query opens a new one.
  pool.on('error', () => undefined);
  // A client checked out by a query is not covered by that: when its socket dies (ECONNRESET
  // after the backend was terminated) pg fails the query AND emits 'error' on the client,
  // which, with no listener, is an uncaught exception that kills the process. The failed
  // query already answers 10000, and the pool discards the broken client on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return { db, dialect: 'postgres', pool, close: () => db.destroy() };
}
