import { describe, expect, it } from 'vitest';
import { fitBodyInJson, fitBytes, fitChars } from '../../src/providers/push/text-fit.js';

describe('text fitted to provider limits', () => {
  it('fitChars keeps short text and cuts long text at code points with an ellipsis', () => {
    expect(fitChars('hello', 5)).toBe('hello');
    expect(fitChars('hello!', 5)).toBe('hell…');
    expect(fitChars('😀😀😀', 2)).toBe('😀…');
  });

  it('fitBytes counts UTF-8 bytes and never splits a character', () => {
    expect(fitBytes('abc', 3)).toBe('abc');
    const cut = fitBytes('中文中文中文', 10);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(10);
    expect(cut).toBe('中文…');
  });

  it('fitBodyInJson trims the body until the built JSON fits, escapes included', () => {
    const build = (body: string) => ({ ios: { alert: { title: 't', body }, extras: { k: 'v' } } });
    const body = '"quoted" \\ 中文 '.repeat(200);
    const fitted = fitBodyInJson(body, 2000, build);
    expect(Buffer.byteLength(JSON.stringify(build(fitted)))).toBeLessThanOrEqual(2000);
    expect(Buffer.byteLength(JSON.stringify(build(fitted)))).toBeGreaterThan(1900);
    expect(body.startsWith(fitted.slice(0, -1))).toBe(true);
    expect(fitBodyInJson('short', 2000, build)).toBe('short');
    expect(fitBodyInJson('x', 10, build)).toBe('');
  });
});
