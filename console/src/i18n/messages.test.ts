import { describe, expect, it } from 'vitest';
import { common } from './common.ts';
import { messages as faq } from '../pages/faq/messages.ts';
import { messages as push } from '../pages/push/messages.ts';

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

describe('page messages', () => {
  it.each([
    ['faq', faq],
    ['push', push],
  ])('%s says the same things in both languages', (_, m) => {
    expect(keys(m['zh-CN']).sort()).toEqual(keys(m.en).sort());
  });
});
