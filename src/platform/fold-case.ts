/**
 * Case folding shared by searches (like.ts) and every SQLite connection's lower(): a module
 * of its own, without Kysely, for the SQLite writer thread to load.
 */

/**
 * Lower case by Unicode's simple (one character to one character) mapping, which is what
 * PostgreSQL's lower() applies in a UTF-8 database; the SQLite connection registers this
 * function as its lower() (db/sqlite-connection.ts), so both sides of a search fold alike on both
 * dialects. JavaScript's toLowerCase() uses the full mapping, which differs only for İ
 * (to "i" plus a combining dot) and a word-final Σ (to ς). PostgreSQL needs a libc ctype
 * other than plain C (C.UTF-8, en_US.UTF-8, ...): under C its lower() folds ASCII only.
 */
export function foldCase(text: string): string {
  return text
    .replace(/\u0130/g, 'i')
    .replace(/\u03a3/g, 'σ')
    .toLowerCase();
}
