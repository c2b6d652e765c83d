import { describe, expect, it } from 'vitest';
import { isUserId, splitTags } from './user-ids.ts';

describe('target user ids', () => {
  it('accepts positive ids within the row id range only', () => {
    expect(['1', ' 42 ', '2147483647'].every(isUserId)).toBe(true);
    expect(['0', '-1', '1.5', 'abc', '2147483648', '99999999999', ''].some(isUserId)).toBe(false);
  });

  it('splits pasted lists, drops repeats, and names what is not an id', () => {
    expect(splitTags(['1, 2 3', '2', 'x', '0'])).toEqual({ ids: [1, 2, 3], invalid: ['x', '0'] });
    expect(splitTags(['4；5，6'])).toEqual({ ids: [4, 5, 6], invalid: [] });
  });
});
