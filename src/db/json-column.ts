/**
 * JSON stored in text columns (app ids of a manager, user ids of a push, audit details).
 * A value that does not parse reads as empty rather than failing the request that reads
 * it: such rows are written only by this code, so a bad one is an old or hand-edited row.
 */
import { asRecord, parseJson } from '../platform/json.js';

/** A JSON array of strings; anything else reads as empty. */
export function decodeStringArray(text: string): string[] {
  const v = parseJson(text);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A JSON object; anything else reads as empty. */
export function decodeObject(text: string): Record<string, unknown> {
  return asRecord(parseJson(text));
}
