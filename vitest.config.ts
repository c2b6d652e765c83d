import { defineConfig } from 'vitest/config';

// One suite, run once per database: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
const pg = process.env.TEST_DATABASE_URL;
if (!pg) console.log('\n[appdesk] PostgreSQL pass SKIPPED: TEST_DATABASE_URL is not set (SQLite pass only).\n');

// A test CA trusted by the workers (NODE_EXTRA_CA_CERTS) for the TLS fakes of push providers.
const TLS_SETUP = 'test/helpers/tls-global-setup.ts';
// Browser tests (test/console/) drive the built console: built once, before the run.
const CONSOLE_SETUP = 'test/helpers/console-global-setup.ts';

export default defineConfig({
  test: {
    testTimeout: 30000,
    hookTimeout: 30000,
    pool: 'forks',
    maxWorkers: 2,
    include: ['test/**/*.test.ts'],
    projects: [
      // The console's own logic (no server, no database): run once, not per database.
      { test: { name: 'console', include: ['console/src/**/*.test.ts'], environment: 'node' } },
      { extends: true, test: { name: 'sqlite', env: { APPDESK_TEST_DB: 'sqlite' }, globalSetup: [TLS_SETUP, CONSOLE_SETUP] } },
      ...(pg
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                env: { APPDESK_TEST_DB: 'postgres' },
                globalSetup: [TLS_SETUP, CONSOLE_SETUP, 'test/helpers/pg-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
