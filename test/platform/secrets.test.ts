/** Random strings: the length asked for, [A-Za-z0-9] only, every character as likely as another. */
import { describe, expect, it } from 'vitest';
import { randomAlphanumeric } from '../../src/platform/secrets.js';

describe('randomAlphanumeric', () => {
  it('answers the length asked for, shorter and longer than a token, in [A-Za-z0-9]', () => {
    for (const length of [1, 9, 40, 41, 50, 200]) expect(randomAlphanumeric(length)).toMatch(new RegExp(`^[A-Za-z0-9]{${length}}$`));
  });

  it('draws all 62 characters evenly, at every position', () => {
    const counts = new Map<string, number>();
    const first = new Set<string>();
    for (let i = 0; i < 4_000; i++) {
      const s = randomAlphanumeric(50);
      first.add(s[0]!);
      for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    expect(first.size).toBe(62);
    // 200,000 characters: 3,226 each expected, a standard deviation of 56. A modulo bias
    // (256 % 62 = 8 characters drawn 5/4 as often) would put 8 of them near 4,000.
    const mean = 200_000 / 62;
    for (const n of counts.values()) expect(Math.abs(n - mean)).toBeLessThan(400);
  });
});
