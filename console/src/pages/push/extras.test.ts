import { describe, expect, it } from 'vitest';
import { duplicateKeys, extrasBytes, extrasToRows, rowsToExtras } from './extras.ts';

describe('extras', () => {
  it('turns rows into an object, skipping rows without a key and trimming keys', () => {
    expect(rowsToExtras([{ key: ' page ', value: 'orders' }, { key: '', value: 'x' }, undefined, { key: 'id' }])).toEqual({
      page: 'orders',
      id: '',
    });
    expect(rowsToExtras(undefined)).toEqual({});
  });

  it('turns an object back into rows, in order', () => {
    expect(extrasToRows({ a: '1', b: '2' })).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
  });

  it('measures JSON in UTF-8 bytes, as the server does', () => {
    expect(extrasBytes({})).toBe(2);
    expect(extrasBytes({ a: 'b' })).toBe(9);
    // Three bytes per CJK character.
    expect(extrasBytes({ k: '订单' })).toBe(8 + 6);
  });

  it('finds keys given twice', () => {
    expect(duplicateKeys([{ key: 'a' }, { key: ' a' }, { key: 'b' }, { key: '' }, { key: '' }])).toEqual(['a']);
  });
});
