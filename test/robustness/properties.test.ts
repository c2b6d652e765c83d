import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIdList } from '../../src/modules/message/push-ids.js';
import { AppError } from '../../src/platform/errors.js';
import { MAX_PAGE_SIZE, pageResult, parsePage } from '../../src/platform/pagination.js';

describe('pagination', () => {
  it('clamps page_size, computes pages = ceil(total / page_size) and the offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 1, max: 10000 }), fc.nat(1_000_000), (pageNo, size, total) => {
        const page = parsePage({ page_no: String(pageNo), page_size: String(size) });
        const expectedSize = Math.min(size, MAX_PAGE_SIZE);
        expect(page).toEqual({ pageNo, pageSize: expectedSize, offset: (pageNo - 1) * expectedSize });
        const result = pageResult(page, total, []);
        expect(result.pages).toBe(total === 0 ? 0 : Math.ceil(total / expectedSize));
        expect(result.pages * expectedSize).toBeGreaterThanOrEqual(total);
        expect(result.current_page).toBe(pageNo);
      }),
    );
  });

  it('refuses every value that is not a positive integer with 10005', () => {
    const bad = fc.oneof(
      fc.string().filter((s) => !/^\s*\d{1,9}\s*$/.test(s) || Number(s) < 1),
      fc.integer({ max: 0 }).map(String),
      fc.double({ noInteger: true, noNaN: true }).map(String),
    );
    fc.assert(
      fc.property(bad, fc.boolean(), (value, asPageNo) => {
        try {
          parsePage(asPageNo ? { page_no: value } : { page_size: value });
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).code).toBe(10005);
          return;
        }
        throw new Error(`accepted ${JSON.stringify(value)}`);
      }),
    );
  });
});

describe('push_ids parsing', () => {
  const ids = fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { maxLength: 30 });

  it('reads the same ids from "1,2,3", repeated keys and "[1,2,3]"', () => {
    fc.assert(
      fc.property(ids, (list) => {
        const sorted = [...list].sort((a, b) => a - b);
        const parse = (v: string | string[]) => parseIdList('push_ids', v).sort((a, b) => a - b);
        expect(parse(list.join(','))).toEqual(sorted);
        expect(parse(list.map(String))).toEqual(sorted);
        expect(parse(JSON.stringify(list))).toEqual(sorted);
        expect(parse(list.map((i) => ` ${i} `).join(','))).toEqual(sorted);
      }),
    );
  });

  it('reads digit-and-comma lists, the form apps send, exactly as the general rules say', () => {
    // The rules restated: split on commas, trim, skip empty parts, 1-15 digits, at least 1,
    // beyond any row id dropped, at most 10000 distinct ids.
    const reference = (text: string): number[] | string => {
      const out = new Set<number>();
      for (const p of text.trim() === '' ? [] : text.trim().split(',')) {
        const s = p.trim();
        if (s === '') continue;
        if (!/^\d{1,15}$/.test(s) || Number(s) < 1) return 'ids must be positive integers';
        if (Number(s) <= 2 ** 31 - 1) out.add(Number(s));
        if (out.size > 10000) return 'at most 10000 ids';
      }
      return [...out];
    };
    const outcome = (text: string): number[] | string => {
      try {
        return parseIdList('push_ids', text);
      } catch (err) {
        return String((err as AppError).fields?.[0]?.reason);
      }
    };
    const text = fc.stringMatching(/^[0-9,]{0,40}$/);
    const mixed = fc
      .array(fc.constantFrom('0', '1', '7', '9', ',', ',', ' ', 'x', '00', '99999999999999999'), { maxLength: 12 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(text, mixed), (t) => {
        expect(outcome(t)).toEqual(reference(t));
      }),
      { numRuns: 3000 },
    );
    for (const t of ['007,7,0007', ',,1,,2,', '1,0', '1234567890123456', '123456789012345', '2147483647,2147483648']) {
      expect(outcome(t)).toEqual(reference(t));
    }
    const many = Array.from({ length: 10000 }, (_, i) => i + 1).join(',');
    expect(outcome(many)).toHaveLength(10000);
    expect(outcome(`${many},10001`)).toBe('at most 10000 ids');
    expect(outcome(`${many},1,2,3`)).toHaveLength(10000);
  });

  it('drops well-formed ids beyond any row id', () => {
    expect(parseIdList('push_ids', '5,2147483648,99999999999')).toEqual([5]);
  });

  it('answers 10005, never a crash, for anything else', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          const out = parseIdList('push_ids', text);
          for (const id of out) expect(Number.isSafeInteger(id) && id > 0).toBe(true);
        } catch (err) {
          expect((err as AppError).code).toBe(10005);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
