/**
 * Queries whose SQL is built once and bound with new values on every call. Kysely builds a
 * query (immutable nodes, cloned at every step) and compiles it to SQL on every call: on the
 * paths no cache answers, that measured more CPU than the database's own work (a refresh's
 * lookup of its token: about a tenth of the request). The SQL of a query of fixed shape is
 * the same every time; only its parameters change.
 *
 * The query is built with stand-ins for its values and compiled once; each stand-in's place
 * among the compiled parameters is then where the call's value goes. Only for values Kysely
 * passes through as parameters (`where(col, '=', value)`, insert values), not for lists
 * (`in`), identifiers or anything that changes the SQL (a null compared with `is`).
 */
import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import { markPreparable } from './pg-statements.js';
import type { Database } from './tables.js';

/** Stands for a value the SQL is bound with later. */
export class Slot {
  constructor(readonly key: number) {}
}

/**
 * Runs a query compiled with Slots among its parameters, `value(slot)` in place of each
 * (the other parameters are the constants it was built with).
 */
export async function runTemplate<R>(db: Kysely<Database>, t: CompiledQuery<R>, value: (slot: Slot) => unknown): Promise<R[]> {
  const parameters = t.parameters.map((p) => (p instanceof Slot ? value(p) : p));
  const result = await db.executeQuery<R>({ ...t, parameters, queryId: createQueryId() });
  return result.rows;
}

/**
 * Every parameter must reach the SQL as a bound value: one the builder tested, or turned into
 * a list or an identifier, would have fixed the SQL to its stand-in (a stand-in is truthy).
 */
function checked<R>(t: CompiledQuery<R>, arity: number): CompiledQuery<R> {
  const bound = new Set(t.parameters.filter((p) => p instanceof Slot).map((p) => p.key));
  for (let i = 0; i < arity; i++) {
    if (!bound.has(i)) throw new Error(`prepared query: parameter ${i + 1} of ${arity} is not bound as a value in its SQL`);
  }
  return t;
}

/**
 * `prepared((a, b) => db.selectFrom(...).where('x', '=', a)...)`: the builder runs once, with
 * stand-ins for `a` and `b`; `execute(db, 1, 2)` runs that SQL with 1 and 2.
 */
export function prepared<A extends unknown[], R>(build: (...params: A) => Compilable<R>) {
  let t: CompiledQuery<R> | undefined;
  return {
    async execute(db: Kysely<Database>, ...params: A): Promise<R[]> {
      if (t === undefined) {
        t = checked(build(...(Array.from({ length: build.length }, (_, i) => new Slot(i)) as A)).compile(), build.length);
        markPreparable(t.sql);
      }
      return runTemplate(db, t, (slot) => params[slot.key]);
    },
    async executeTakeFirst(db: Kysely<Database>, ...params: A): Promise<R | undefined> {
      return (await this.execute(db, ...params))[0];
    },
  };
}
