/** Case-insensitive "contains" filters that behave the same on SQLite and PostgreSQL. */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { foldCase } from './fold-case.js';

/** The LIKE pattern for "contains `text`", with % and _ taken literally (escape char \). */
export function containsPattern(text: string): string {
  return `%${foldCase(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function ilike(column: Expression<string>, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${column}) like ${containsPattern(text)} escape '\\'`;
}
