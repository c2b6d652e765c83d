/**
 * Opens an embedded SQLite connection with appdesk's settings. The server holds two on one
 * file: the event loop's, which reads and runs explicit transactions, and the writer
 * thread's (sqlite-writer.ts), which commits every other write. Both must behave alike, so
 * both are opened here; this module loads neither Kysely nor anything else the writer thread
 * does not need.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type SQLite from 'better-sqlite3';
import { foldCase } from '../platform/fold-case.js';

/** SQLite's page cache per connection, in KiB (a negative cache_size counts KiB). */
export const SQLITE_CACHE_KIB = 2000;
/**
 * The writer thread's: its writes append to the right edges of a few B-trees, a working set
 * of tens of pages, and every page it keeps is resident memory against the server's peak.
 */
export const SQLITE_WRITER_CACHE_KIB = 1000;

// better-sqlite3 is CommonJS: required on first use, synchronously, as a static import would.
const require = createRequire(import.meta.url);
const loadSqlite = (): typeof SQLite => require('better-sqlite3') as typeof SQLite;

export function openSqlite(path: string, cacheKib = SQLITE_CACHE_KIB): SQLite.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const raw = new (loadSqlite())(path);
  // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes
  // (only an OS crash can lose the last commits), which is the trade every embedded server makes.
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  // SQLite's own default page cache (2 MB) instead of better-sqlite3's 16 MB: the pages stay
  // in the OS's file cache a read away, the answers every app reads often are cached above
  // the database, and 16 MB was a ninth of the server's peak memory (docs/benchmarks.md).
  raw.pragma(`cache_size = -${cacheKib}`);
  // Statement journals in memory: a multi-row INSERT inside a group commit (sqlite-driver.ts)
  // needs one, and past 64 KiB SQLite spilled it to a new temp file (open, unlink, writes,
  // close) at every commit of refreshes: 16 % of a refresh's CPU (docs/benchmarks.md).
  // Sorts without an index are held in memory too; every listing is paginated, so they stay small.
  raw.pragma('temp_store = MEMORY');
  // Another process on the same file (a push worker, the admin CLI) may hold the write lock
  // for a moment; the writer thread waits for it there, off the event loop.
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  // SQLite's lower() folds ASCII only; PostgreSQL's folds every letter. Case-insensitive
  // searches (platform/like.ts) lower both sides, so make lower() mean the same on both.
  raw.function('lower', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? foldCase(v) : v));
  return raw;
}

const STATEMENT_CACHE_MAX = 1000;

/** A connection's statements, prepared once per SQL text; dropped whole past a thousand. */
export class StatementCache {
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(private readonly raw: SQLite.Database) {}

  get(sql: string): SQLite.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= STATEMENT_CACHE_MAX) this.statements.clear();
      stmt = this.raw.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  clear(): void {
    this.statements.clear();
  }
}
