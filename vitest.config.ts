import { defineConfig } from 'vitest/config';

// One suite, run once per database: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
const pg = process.env.TEST_DATABASE_URL;
if (!pg) console.log('\n[appdesk] PostgreSQL pass SKIPPED: TEST_DATABASE_URL is not set (SQLite pass only).\n');

export default defineConfig({
  test: {
    testTimeout: 30000,
    hookTimeout: 30000,
    pool: 'forks',
    maxWorkers: 2,
    include: ['test/**/*.test.ts'],
    projects: [
      { extends: true, test: { name: 'sqlite', env: { APPDESK_TEST_DB: 'sqlite' } } },
      ...(pg
        ? [
            {
              extends: true as const,
              test: { name: 'postgres', env: { APPDESK_TEST_DB: 'postgres' }, globalSetup: ['test/helpers/pg-global-setup.ts'] },
            },
          ]
        : []),
    ],
  },
});
