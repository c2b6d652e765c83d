/**
 * PostgreSQL pass: test schemas are dropped once, after the whole run, not by each file.
 * Kysely's migrator introspects every schema of the database, and a schema dropped while
 * another file's server is migrating makes that introspection fail ("schema does not exist").
 */
import pg from 'pg';

async function dropTestSchemas(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ nspname: string }>(`select nspname from pg_namespace where nspname ~ '^t_[0-9]+_[a-z0-9]+$'`);
    for (const { nspname } of rows) await c.query(`drop schema if exists ${nspname} cascade`);
  } finally {
    await c.end();
  }
}

export default function setup(): () => Promise<void> {
  return async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (url) await dropTestSchemas(url);
  };
}
