import { describe, expect, it } from 'vitest';
import { selectedNav } from './nav-items.tsx';

describe('the side menu entry of a page', () => {
  it('is the longest menu path that prefixes the location', () => {
    expect(selectedNav('/')).toBe('/');
    expect(selectedNav('/feedback')).toBe('/feedback');
    expect(selectedNav('/feedback/42')).toBe('/feedback');
    expect(selectedNav('/feedback-categories')).toBe('/feedback-categories');
    expect(selectedNav('/users/7')).toBe('/users');
    expect(selectedNav('/nowhere')).toBe('/');
  });
});
