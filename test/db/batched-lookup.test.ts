/**
 * Batched lookups: the lookups of one event-loop turn share one query, each caller gets the
 * row of its own key (or undefined), a key asked twice is looked up once, a lookup alone runs
 * the single-key query, and a failed query fails exactly the callers it served.
 */
import { describe, expect, it } from 'vitest';
import { BatchedLookup } from '../../src/db/batched-lookup.js';

interface Row {
  key: string;
  n: number;
}

/** A fake table: records each query's keys, answers rows in reverse order (no order is promised). */
function table(rows: Row[], fail?: (keys: string[]) => boolean) {
  const queries: { kind: 'one' | 'many'; keys: string[] }[] = [];
  const lookup = new BatchedLookup<string, Row>(
    async (key) => {
      queries.push({ kind: 'one', keys: [key] });
      if (fail?.([key])) throw new Error('one failed');
      return rows.find((r) => r.key === key);
    },
    async (keys) => {
      queries.push({ kind: 'many', keys: [...keys] });
      if (fail?.(keys)) throw new Error('many failed');
      return rows.filter((r) => keys.includes(r.key)).reverse();
    },
    (row) => row.key,
  );
  return { lookup, queries };
}

const rows = Array.from({ length: 600 }, (_, n) => ({ key: `k${n}`, n }));
const turn = () => new Promise((r) => setImmediate(r));

describe('BatchedLookup', () => {
  it('answers the lookups of one turn with one query, each caller its own row or undefined', async () => {
    const { lookup, queries } = table(rows);
    const keys = ['k5', 'k1', 'missing', 'k42', 'k5', 'k7'];
    const found = await Promise.all(keys.map((k) => lookup.find(k)));
    expect(found.map((r) => r?.n)).toEqual([5, 1, undefined, 42, 5, 7]);
    expect(queries).toEqual([{ kind: 'many', keys: ['k5', 'k1', 'missing', 'k42', 'k7'] }]);
    expect(lookup.stats).toEqual({ queries: 1, keys: 5 });
  });

  it('runs a lookup alone through the single-key query, and lookups of later turns in queries of their own', async () => {
    const { lookup, queries } = table(rows);
    expect((await lookup.find('k3'))?.n).toBe(3);
    const second = lookup.find('k4');
    await turn();
    const third = lookup.find('k9');
    expect([(await second)?.n, (await third)?.n]).toEqual([4, 9]);
    expect(queries).toEqual([
      { kind: 'one', keys: ['k3'] },
      { kind: 'one', keys: ['k4'] },
      { kind: 'one', keys: ['k9'] },
    ]);
  });

  it('splits a turn of more than 500 keys into queries of at most 500', async () => {
    const { lookup, queries } = table(rows);
    const found = await Promise.all(rows.map((r) => lookup.find(r.key)));
    expect(found.map((r) => r?.n)).toEqual(rows.map((r) => r.n));
    expect(queries.map((q) => q.keys.length)).toEqual([500, 100]);
  });

  it('fails the callers of a failed query, and only them; the next turn queries again', async () => {
    const { lookup } = table(rows, (keys) => keys.includes('k600'));
    const many = [...rows.map((r) => r.key), 'k600'];
    const settled = await Promise.allSettled(many.map((k) => lookup.find(k)));
    // 601 keys: the first query's 500 succeed; the second holds k600 and fails for its 101.
    expect(settled.slice(0, 500).every((s) => s.status === 'fulfilled')).toBe(true);
    expect(settled.slice(500).every((s) => s.status === 'rejected' && (s.reason as Error).message === 'many failed')).toBe(true);
    expect(await lookup.find('k2')).toEqual({ key: 'k2', n: 2 });
    await expect(lookup.find('k600')).rejects.toThrow('one failed');
  });
});
