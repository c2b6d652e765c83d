import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPath } from './next-path.ts';

describe('where sign-in goes afterwards', () => {
  it('follows paths inside the console, with their query', () => {
    expect(safeNextPath('/feedback/12?status=0')).toBe('/feedback/12?status=0');
  });

  it('refuses what would leave the console or loop back to sign-in', () => {
    for (const bad of [
      'https://evil.example/x',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
      null,
      undefined,
      '/sign-in?next=/x',
    ])
      expect(safeNextPath(bad)).toBe('/');
  });

  it('builds the sign-in link with the page and the reason', () => {
    expect(signInPath('/audit?x=1', true)).toBe('/sign-in?next=%2Faudit%3Fx%3D1&expired=1');
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath('//evil.example')).toBe('/sign-in');
  });
});
