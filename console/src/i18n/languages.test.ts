import { describe, expect, it } from 'vitest';
import { pickLanguage } from './languages.ts';

describe('the console language', () => {
  it('follows the first browser language it speaks', () => {
    expect(pickLanguage(null, ['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(pickLanguage(null, ['fr-FR', 'en-GB', 'zh-CN'])).toBe('en');
    expect(pickLanguage(null, ['fr-FR', 'de'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });

  it('keeps a stored choice over the browser, and ignores one it does not know', () => {
    expect(pickLanguage('en', ['zh-CN'])).toBe('en');
    expect(pickLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLanguage('klingon', ['zh-CN'])).toBe('zh-CN');
  });
});
