/**
 * Named prepared statements on PostgreSQL for the queries of fixed shape (prepared.ts and
 * BatchedInsert's templates): parsed and planned once per connection instead of at every
 * call. Planning the join behind a refresh or an access token's lookup took 170 µs of the
 * backend's CPU, its execution 20 (EXPLAIN ANALYZE on this machine); prepared, a
 * lookup cost the backend 16–24 µs more than `select 1` instead of 250–290 (20,000 calls).
 * After five runs PostgreSQL keeps the statement's generic plan when it costs no more than
 * the custom ones: for these lookups by unique key it does.
 *
 * Only SQL texts marked here are prepared, so the set of statements a connection holds is
 * bounded. Two errors say a prepared statement is no longer usable, and both are handled
 * on the connection that met them:
 * - 0A000 "cached plan must not change result type": a migration changed a table the
 *   statement reads (another instance migrated first). The connection prepares its
 *   statements again, under new names.
 * - 26000 "prepared statement does not exist": a pooler in transaction mode (PgBouncer
 *   before 1.21) sent the statement to another server connection. The connection stops
 *   preparing.
 * The failed query is run again unprepared when the connection is outside a transaction;
 * inside one it fails, as any statement error fails the transaction.
 */
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

const names = new Map<string, string>();

/** Marks a query's SQL (one of fixed shape, run again and again) to be prepared. */
export function markPreparable(sqlText: string): void {
  if (!names.has(sqlText)) names.set(sqlText, `appdesk_${names.size + 1}`);
}

interface ConnectionState {
  /** Bumped when prepared statements went stale: new names are prepared afresh. */
  generation: number;
  preparing: boolean;
  /** The transaction status of the last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' failed one. */
  status: string;
}

const STALE_PLAN = '0A000';
const NO_STATEMENT = '26000';

function isStale(err: unknown): err is { code: string; message: string } {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  return code === NO_STATEMENT || (code === STALE_PLAN && typeof message === 'string' && message.includes('cached plan'));
}

/** The pool Kysely uses: pg's own, with each checked-out client preparing the marked statements. */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const states = new WeakMap<pg.PoolClient, ConnectionState>();
  const stateOf = (client: pg.PoolClient): ConnectionState => {
    let state = states.get(client);
    if (!state) {
      const s: ConnectionState = { generation: 0, preparing: true, status: 'I' };
      // Registered after pg's own listener: the status is current before the query settles.
      (client as unknown as { connection: NodeJS.EventEmitter }).connection.on('readyForQuery', (msg: { status: string }) => {
        s.status = msg.status;
      });
      states.set(client, s);
      state = s;
    }
    return state;
  };

  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const state = stateOf(client);
      const query = async <R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>> => {
        const name = state.preparing ? names.get(text) : undefined;
        if (name === undefined) return (await client.query(text, values as unknown[])) as unknown as PostgresQueryResult<R>;
        try {
          return (await client.query({
            name: `${name}_${state.generation}`,
            text,
            values: values as unknown[],
          })) as unknown as PostgresQueryResult<R>;
        } catch (err) {
          if (!isStale(err)) throw err;
          if ((err as { code: string }).code === NO_STATEMENT) state.preparing = false;
          else state.generation += 1;
          if (state.status !== 'I') throw err;
          return (await client.query(text, values as unknown[])) as unknown as PostgresQueryResult<R>;
        }
      };
      return {
        query: query as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}
