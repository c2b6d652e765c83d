/**
 * PostgreSQL pass: this run's test schemas are dropped once, after the whole run, not by each file.
 * Kysely's migrator introspects every schema of the database, and a schema dropped while
 * another file's server is migrating makes that introspection fail ("schema does not exist").
 */
import pg from 'pg';

async function dropTestSchemas(url: string, run: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ nspname: string }>(`select nspname from pg_namespace where nspname like $1`, [`t\\_${run}\\_%`]);
    for (const { nspname } of rows) await c.query(`drop schema if exists ${nspname} cascade`);
  } finally {
    await c.end();
  }
}

export default function setup(): () => Promise<void> {
  // Workers inherit the environment: every schema of this run carries this id.
  const run = Math.random().toString(36).slice(2, 8);
  process.env.APPDESK_TEST_RUN = run;
  return async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (url) await dropTestSchemas(url, run);
  };
}
