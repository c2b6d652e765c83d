/**
 * npm run bench:stats: the console's dashboard endpoints at a million users. For SQLite (a
 * fresh file) and, when TEST_DATABASE_URL is set, PostgreSQL (a fresh schema, dropped after):
 *
 * 1. migrates up to the migration before the stats indexes and seeds 1,000,000 users of the
 *    default app (created over a year, in id order as real sign-ups are), 50,000 of another
 *    app, 100,000 feedback, 800,000 bound devices and 5,000 pushes, in multi-row INSERTs of
 *    1,000 rows (as db/batched-insert.ts groups rows, under both dialects' parameter caps),
 *    a transaction per 20 statements, with progress lines;
 * 2. times the stats migration on those tables (indexes, app_totals and its triggers, the
 *    totals counted: what an upgrade costs), then, on PostgreSQL, VACUUM ANALYZE (what
 *    autovacuum does after a bulk load);
 * 3. prints the query plans of both endpoints' statements and checks that none scans the
 *    users or feedback table whole;
 * 4. starts the server (dist/server.js, as npm start runs it) on that database and times 50
 *    sequential requests of each endpoint after 5 of warm-up, printing p50/p99 and PASS/MISS
 *    against p50 ≤ 100 ms.
 *
 * `--users 200000` scales every count down for a quick run. Never run in CI: timings on a
 * shared machine are noisy; compare the endpoints with each other, not with another run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, type Insertable, type LogEvent } from 'kysely';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { migrations } from '../src/db/migrations/index.js';
import { openSqlite } from '../src/db/sqlite-connection.js';
import { groupCommitSqliteDialect } from '../src/db/sqlite-driver.js';
import type { Database } from '../src/db/tables.js';
import { StatsRepository } from '../src/modules/admin/stats.repository.js';
import { StatsService } from '../src/modules/admin/stats.service.js';
import { systemClock } from '../src/platform/clock.js';
import { freePort, start, stop, waitHttp } from './process.js';

const usersArg = process.argv.indexOf('--users');
const USERS = usersArg > 0 ? Number(process.argv[usersArg + 1]) : 1_000_000;
const OTHER_APP_USERS = Math.round(USERS / 20);
const FEEDBACK = Math.round(USERS / 10);
const DEVICES = Math.round(USERS * 0.8);
const PUSHES = Math.max(50, Math.round(USERS / 200));
const SPAN_MS = 365 * 24 * 3_600_000;
const ROWS_PER_STATEMENT = 1000;
const STATEMENTS_PER_TRANSACTION = 20;
const REQUESTS = 50;
const WARMUP = 5;
const TARGET_P50_MS = 100;
const BEFORE_STATS_INDEXES = '2026_12_01_0005_manager_totp';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Deterministic, so every run seeds the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inserts `count` rows made by `make`, 1,000 a statement, 20 statements a transaction. */
async function insertMany<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  count: number,
  make: (i: number) => Insertable<Database[T]>,
): Promise<void> {
  const started = performance.now();
  let shown = started;
  const perTransaction = ROWS_PER_STATEMENT * STATEMENTS_PER_TRANSACTION;
  for (let from = 0; from < count; from += perTransaction) {
    const to = Math.min(count, from + perTransaction);
    await db.transaction().execute(async (trx) => {
      for (let i = from; i < to; i += ROWS_PER_STATEMENT) {
        const rows = [];
        for (let k = i; k < Math.min(to, i + ROWS_PER_STATEMENT); k++) rows.push(make(k));
        // Kysely's generic insert typing does not follow a table name held in a type parameter.
        await (trx as unknown as Kysely<Record<string, object>>).insertInto(table).values(rows).execute();
      }
    });
    if (performance.now() - shown > 5000 || to === count) {
      shown = performance.now();
      const s = (shown - started) / 1000;
      log(`  ${table}: ${to.toLocaleString('en')}/${count.toLocaleString('en')} (${Math.round(to / s).toLocaleString('en')} rows/s)`);
    }
  }
}

async function seed(db: Kysely<Database>, now: number): Promise<void> {
  const rand = prng(42);
  const first = now - SPAN_MS;
  // Sign-ups arrive in id order: created_at grows with the id, with some jitter.
  const createdAt = (i: number, n: number) => Math.floor(first + ((i + rand()) / n) * SPAN_MS);
  const user = (appId: string, offset: number, n: number) => (i: number) => {
    const at = createdAt(i, n);
    const phone = `1${String(offset + i).padStart(10, '0')}`;
    return {
      app_id: appId,
      area: '86',
      phone,
      email: i % 3 === 0 ? `user${offset + i}@example.com` : '',
      openid: `b${String(offset + i).padStart(39, '0')}`,
      role: 0,
      username: phone,
      password_hash: '',
      is_active: i % 50 === 0 ? 0 : 1,
      nickname: i % 2 === 0 ? `user ${offset + i}` : '',
      avatar: '',
      gender: 2,
      birthday: '',
      address: '',
      created_at: at,
      updated_at: at,
    };
  };
  await insertMany(db, 'users', USERS, user('', 0, USERS));
  await insertMany(db, 'users', OTHER_APP_USERS, user('other', USERS, OTHER_APP_USERS));
  await insertMany(db, 'feedbacks', FEEDBACK, (i) => {
    const at = createdAt(i, FEEDBACK);
    const age = (now - at) / SPAN_MS;
    // Recent feedback still waits more often; most older one was answered.
    const status = rand() < (age < 0.05 ? 0.6 : 0.03) ? 0 : rand() < 0.8 ? 1 : 2;
    return {
      app_id: '',
      user_id: 1 + Math.floor(rand() * USERS),
      feedback_content: `feedback ${i}`,
      feedback_status: status,
      feedback_category_id: 0,
      contact_phone: '',
      deleted_at: i % 50 === 0 ? at + 1000 : null,
      created_at: at,
      updated_at: at,
    };
  });
  await insertMany(db, 'push_bindings', DEVICES, (i) => {
    const at = createdAt(i, DEVICES);
    return {
      app_id: '',
      user_id: 1 + Math.floor((i / DEVICES) * USERS),
      client_id: `device-${i}`,
      client_type: i % 3 === 0 ? 'ios' : 'android',
      provider: i % 3 === 0 ? 'apns' : 'fcm',
      switch: i % 10 === 0 ? 0 : 1,
      created_at: at,
      updated_at: at,
    };
  });
  await insertMany(db, 'push_messages', PUSHES, (i) => {
    const at = createdAt(i, PUSHES);
    const recent = now - at < 3_600_000;
    const targeted = Math.floor(rand() * DEVICES);
    const skipped = Math.floor(targeted / 10);
    const failed = Math.floor(targeted / 100);
    return {
      app_id: '',
      push_title: `push ${i}`,
      push_body: 'body',
      push_scope: 0,
      user_ids: '[]',
      send_at: null,
      manager_id: 1,
      push_status: recent ? 0 : 1,
      targeted: recent ? 0 : targeted,
      sent: recent ? 0 : targeted - skipped - failed,
      failed: recent ? 0 : failed,
      skipped: recent ? 0 : skipped,
      planned_at: recent ? null : at,
      locked_until: null,
      locked_by: null,
      created_at: at,
      updated_at: at,
    };
  });
}

interface Target {
  name: string;
  dialect: string;
  /** PostgreSQL: the schema made for the run. */
  schema?: string;
  connect(): DatabaseHandle;
  /** A Kysely on the same database that reports each statement it runs. */
  logged(onQuery: (e: LogEvent) => void): { db: Kysely<Database>; close(): Promise<void> };
  serverUrl: string;
  cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'appdesk-stats-'));
  const file = join(dir, 'stats.db');
  return {
    name: 'sqlite',
    dialect: 'sqlite',
    connect: () => createDatabase(`sqlite:${file}`),
    logged(onQuery) {
      const db = new Kysely<Database>({ dialect: groupCommitSqliteDialect(openSqlite(file)).dialect, log: onQuery });
      return { db, close: () => db.destroy() };
    },
    serverUrl: `sqlite:${file}`,
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

async function postgresTarget(url: string): Promise<Target> {
  const schema = `bench_stats_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  return {
    name: 'postgres',
    dialect: 'postgres',
    schema,
    connect: () => createDatabase(url, { schema, poolMax: 4 }),
    logged(onQuery) {
      const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: onQuery });
      return { db, close: () => db.destroy() };
    },
    serverUrl: withSchema.toString(),
    async cleanup() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

async function migrateTo(handle: DatabaseHandle, name: string, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
}

/** The endpoints' statements, as the repository sends them, each with its plan. */
async function plans(target: Target, handle: DatabaseHandle): Promise<{ sql: string; plan: string }[]> {
  const seen: CompiledQuery[] = [];
  const logged = target.logged((e) => {
    if (e.level === 'query') seen.push(e.query);
  });
  const stats = new StatsService(new StatsRepository(logged.db), systemClock, 'UTC');
  await stats.overview('');
  await stats.daily('', 30);
  await logged.close();
  const out: { sql: string; plan: string }[] = [];
  for (const q of seen) {
    const explain = target.dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
    const res = await handle.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + q.sql, [...q.parameters]));
    const plan = res.rows.map((r) => String(target.dialect === 'sqlite' ? r.detail : r['QUERY PLAN'])).join('\n');
    out.push({ sql: q.sql.replace(/\s+/g, ' ').trim(), plan });
  }
  return out;
}

/** A plan reads the whole users or feedbacks table (not one app's index range). */
function scansWhole(dialect: string, plan: string): boolean {
  if (dialect === 'postgres') return /Seq Scan on (users|feedbacks)\b/.test(plan);
  // SQLite: "SCAN users" or "SCAN u" (an alias), with or without an index, is every row.
  return plan.split('\n').some((line) => /^\s*SCAN (users|feedbacks|u|f)\b/.test(line));
}

async function api(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Token ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const env = (await res.json()) as { code: number; data: any };
  if (env.code !== 0) throw new Error(`${method} ${path}: ${JSON.stringify(env)}`);
  return env.data;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(base: string, path: string, token: string): Promise<{ p50: number; p99: number; data: unknown }> {
  let data: unknown;
  for (let i = 0; i < WARMUP; i++) data = await api(base, 'GET', path, undefined, token);
  const ms: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    await api(base, 'GET', path, undefined, token);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), data };
}

async function run(target: Target): Promise<[string, boolean][]> {
  const results: [string, boolean][] = [];
  log(`\n== ${target.name}: seeding ${USERS.toLocaleString('en')} users`);
  const handle = target.connect();
  await migrateTo(handle, BEFORE_STATS_INDEXES, target.schema);
  const now = Date.now();
  const seedStart = performance.now();
  await seed(handle.db, now);
  log(`  seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  const migrateStart = performance.now();
  await migrateToLatest(handle.db);
  log(`  migration 2026_12_01_0006_stats_indexes on these tables: ${((performance.now() - migrateStart) / 1000).toFixed(1)} s`);
  if (target.dialect === 'postgres') {
    const vacuumStart = performance.now();
    for (const table of ['users', 'feedbacks', 'push_bindings', 'push_messages'])
      await handle.db.executeQuery(CompiledQuery.raw(`vacuum analyze ${table}`));
    log(`  vacuum analyze: ${((performance.now() - vacuumStart) / 1000).toFixed(1)} s`);
  }

  log(`  query plans:`);
  let fullScans = 0;
  for (const { sql, plan } of await plans(target, handle)) {
    const whole = scansWhole(target.dialect, plan);
    if (whole) fullScans += 1;
    const label = whole ? 'FULL SCAN' : /index/i.test(plan) ? 'index' : 'no index';
    log(`  ${label.padEnd(10)} ${sql.length > 150 ? `${sql.slice(0, 150)}…` : sql}`);
    for (const line of plan.split('\n')) log(`      ${line}`);
  }
  results.push([`${target.name}: no statement scans users or feedbacks whole (${fullScans} do)`, fullScans === 0]);
  await handle.close();

  const port = await freePort();
  const server = start(['--max-semi-space-size=8', 'dist/server.js'], {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: target.serverUrl,
    LOG_LEVEL: 'warn',
    APPDESK_ADMIN_USERNAME: 'bench-admin',
    APPDESK_ADMIN_PASSWORD: 'bench-admin-password',
    // Pending pushes stay pending: no worker delivers them to the seeded devices.
    APPDESK_WORKER: 'false',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHttp(`${base}/healthz`, server.proc, server.out);
    const token = (await api(base, 'POST', '/admin/api/auth/login', { username: 'bench-admin', password: 'bench-admin-password' }))
      .access_token as string;
    for (const path of ['/admin/api/stats/overview', '/admin/api/stats/daily?days=30', '/admin/api/stats/daily?days=90']) {
      const r = await time(base, path, token);
      log(`  ${path.padEnd(34)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p99 ${r.p99.toFixed(1).padStart(7)} ms`);
      if (path.endsWith('overview')) log(`    ${JSON.stringify(r.data)}`);
      results.push([
        `${target.name} ${path} p50 ≤ ${TARGET_P50_MS} ms (${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms)`,
        r.p50 <= TARGET_P50_MS,
      ]);
    }
  } finally {
    await stop(server.proc);
  }
  return results;
}

async function main(): Promise<void> {
  const targets: Target[] = [sqliteTarget()];
  if (process.env.TEST_DATABASE_URL) targets.push(await postgresTarget(process.env.TEST_DATABASE_URL));
  else log('PostgreSQL skipped: TEST_DATABASE_URL is not set');
  const results: [string, boolean][] = [];
  for (const target of targets) {
    try {
      results.push(...(await run(target)));
    } finally {
      await target.cleanup();
    }
  }
  log('');
  for (const [name, pass] of results) log(`${pass ? 'PASS' : 'MISS'}  ${name}`);
}

await main();
