/** What the event loop and the SQLite writer thread (sqlite-writer.ts) send each other. */

/** One write of a group: Kysely's compiled SQL and its parameters. */
export interface WriteRequest {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * A write's result: the rows of a statement that returns rows (RETURNING), else the counts;
 * or the error that refused it, as plain data (an Error's own properties, `code` among
 * them, do not survive the copy between threads).
 */
export type WriteOutcome =
  { rows: unknown[] } | { changes: number; lastInsertRowid: number | bigint } | { error: { message: string; code?: string } };

/**
 * A group's outcomes, in the order of its requests, the commits it took (0 when all failed)
 * and the time the thread spent on it.
 */
export interface GroupAnswer {
  outcomes: WriteOutcome[];
  commits: number;
  busyMs: number;
}

/** A BLOB as it arrives from the other thread (a Uint8Array: the copy drops Buffer's class), as a Buffer again. */
export function revived(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}
