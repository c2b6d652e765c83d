import { describe, expect, it } from 'vitest';
import { resolveDark } from './theme-mode.ts';

describe('the theme', () => {
  it('follows the system until a mode is picked', () => {
    expect(resolveDark('system', true)).toBe(true);
    expect(resolveDark('system', false)).toBe(false);
    expect(resolveDark('light', true)).toBe(false);
    expect(resolveDark('dark', false)).toBe(true);
  });
});
