/**
 * Row ids are 32-bit integers in the schema. A larger id names no row, and PostgreSQL would
 * refuse to compare it with an integer column (an error, not "no row"), so callers check
 * first and answer "not found".
 */
export const MAX_ROW_ID = 2147483647;

/** Whether `id` can name a stored row at all. */
export function isRowId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1 && id <= MAX_ROW_ID;
}
