/** `npm run migrate`: applies pending migrations to DATABASE_URL and exits. */
import { loadConfig } from '../config.js';
import { createDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

const config = loadConfig();
const handle = createDatabase(config.databaseUrl, { poolMax: 1, connectTimeoutMs: config.dbConnectTimeoutMs });
try {
  const applied = await migrateToLatest(handle.db);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
} finally {
  await handle.close();
}
