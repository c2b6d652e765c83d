/**
 * `db`, recording every query handed to it already compiled (prepared.ts): a query Kysely
 * builds at each call runs through its own executor and is not recorded, so a test counting
 * the recorded queries also fails when a query stops being prepared.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from '../../src/db/tables.js';

export function recordingQueries(db: Kysely<Database>, seen: CompiledQuery[]): Kysely<Database> {
  return new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === 'executeQuery') {
        return (query: CompiledQuery, ...rest: unknown[]) => {
          seen.push(query);
          return target.executeQuery(query, ...(rest as []));
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
