import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import { createDatabase } from '../../src/db/database.js';
import { TEST_ENV } from '../helpers/app.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/database.js';

const runs = testDialect === 'postgres';
if (!runs) console.log('[appdesk] database recovery test needs PostgreSQL: skipped in the SQLite pass');

describe.skipIf(!runs)('a lost PostgreSQL connection', () => {
  let database: TestDatabase;
  let container: Container;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const appName = `appdesk-recovery-${process.pid}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ ...TEST_ENV, DATABASE_URL: database.url, DB_POOL_MAX: '3' });
    const handle = createDatabase(process.env.TEST_DATABASE_URL!, { schema: database.schema!, poolMax: 3, applicationName: appName });
    container = await createContainer(config, { database: handle, logger: pino({ level: 'silent' }) });
    app = await buildApp(container);
  });
  afterAll(async () => {
    await app.close();
    await container.close();
    await database.drop();
  });

  it('answers 10000 at worst while connections die, and recovers by itself', async () => {
    const faq = () => app.inject({ method: 'GET', url: '/api/faq?page_size=1&q=' + Math.random().toString(36).slice(2) });
    expect((await faq()).json().code).toBe(0);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [appName]);
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await faq();
      const body = res.json();
      expect([0, 10000]).toContain(body.code);
      expect(res.body).not.toMatch(/terminat|stack|at .*\.js/);
      codes.push(body.code);
    }
    expect(codes.at(-1)).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json().code).toBe(0);
  });
});
