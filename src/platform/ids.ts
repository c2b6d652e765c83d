/**
 * Row ids are 32-bit integers in the schema. A larger id names no row, and PostgreSQL would
 * refuse to compare it with an integer column (an error, not "no row"), so callers check
 * first and answer "not found".
 */
import { AppError, ErrorCode } from './errors.js';

export const MAX_ROW_ID = 2147483647;

/** Whether `id` can name a stored row at all. */
export function isRowId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1 && id <= MAX_ROW_ID;
}

/** A path id as a row id; an id no row can have is simply not found (10001). */
export function pathId(raw: string): number {
  const id = Number(raw);
  if (!isRowId(id)) throw new AppError(ErrorCode.NotFound, `id ${raw} out of range`);
  return id;
}
