/**
 * Parses the `push_ids` (and `ids`) query parameter in every form clients send:
 * `1,2,3`, repeated `push_ids=1&push_ids=2`, a JSON array `[1,2,3]`, or empty.
 */
import { invalidField } from '../../platform/errors.js';
import { MAX_ROW_ID } from '../../platform/ids.js';

export const MAX_IDS = 10000;

export function parseIdList(field: string, values: string | string[] | undefined): number[] {
  if (values === undefined) return [];
  const out = new Set<number>();
  for (const raw of Array.isArray(values) ? values : [values]) {
    const text = String(raw).trim();
    let parts: unknown[];
    if (text.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (!Array.isArray(parsed)) throw new Error('not an array');
        parts = parsed;
      } catch {
        throw invalidField(field, 'must be ids separated by commas, or a JSON array of ids');
      }
    } else {
      parts =
        text === ''
          ? []
          : text
              .split(',')
              .map((p) => p.trim())
              .filter((p) => p !== '');
    }
    for (const p of parts) {
      const s = String(p).trim();
      if (!/^\d{1,15}$/.test(s) || Number(s) < 1) throw invalidField(field, 'ids must be positive integers');
      // Well-formed but beyond any row id: it names no message, so it changes no count.
      if (Number(s) <= MAX_ROW_ID) out.add(Number(s));
      if (out.size > MAX_IDS) throw invalidField(field, `at most ${MAX_IDS} ids`);
    }
  }
  return [...out];
}
