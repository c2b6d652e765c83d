import { describe, expect, it } from 'vitest';
import { common } from './common.ts';

/** Every key path of a message tree, `a.b.c`. */
function keys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('shared messages', () => {
  it('say the same things in both languages', () => {
    expect(keys(common['zh-CN']).sort()).toEqual(keys(common.en).sort());
  });
});
