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
    if (typeof raw === 'string' && addPlainIds(raw, out)) continue;
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

/**
 * `1,2,3`, the form apps send at every launch, read without splitting or matching: adds its
 * ids to `out` and answers true, or answers false for anything else (spaces, brackets, an
 * invalid id, too many ids), which the general parser then reads from the start. It reads
 * left to right as that parser does, so whatever it added by then, the parser adds too.
 */
function addPlainIds(text: string, out: Set<number>): boolean {
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : COMMA;
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      if (++digits > 15) return false;
      value = value * 10 + (c - DIGIT_0);
    } else if (c === COMMA) {
      if (digits > 0) {
        if (value < 1) return false;
        if (value <= MAX_ROW_ID) out.add(value);
        if (out.size > MAX_IDS) return false;
      }
      value = 0;
      digits = 0;
    } else return false;
  }
  return true;
}

const COMMA = 0x2c;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
