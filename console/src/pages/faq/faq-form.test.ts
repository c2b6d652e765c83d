import { describe, expect, it } from 'vitest';
import { BLANK_FAQ, categoriesOf, faqBody, isDirty, isHttpUrlOrEmpty } from './faq-form.ts';

describe('FAQ form', () => {
  it('accepts http(s) URLs with a host, or nothing, as the server does', () => {
    expect(isHttpUrlOrEmpty('')).toBe(true);
    expect(isHttpUrlOrEmpty('  ')).toBe(true);
    expect(isHttpUrlOrEmpty('https://example.com/help?a=1')).toBe(true);
    expect(isHttpUrlOrEmpty('http://localhost:8080')).toBe(true);
    expect(isHttpUrlOrEmpty('ftp://example.com')).toBe(false);
    expect(isHttpUrlOrEmpty('javascript:alert(1)')).toBe(false);
    expect(isHttpUrlOrEmpty('example.com')).toBe(false);
  });

  it('sends trimmed fields, sort 0 when empty, and the Markdown as written', () => {
    expect(
      faqBody({ title: ' T ', category: ' Billing ', external_link: ' https://x.io ', sort: null, is_published: true, content: '  # H\n' }),
    ).toEqual({ title: 'T', category: 'Billing', external_link: 'https://x.io', sort: 0, is_published: true, content: '  # H\n' });
  });

  it('suggests each category in use once, sorted, without blanks', () => {
    expect(categoriesOf([{ category: 'b' }, { category: 'a' }, { category: '' }, { category: ' b ' }])).toEqual(['a', 'b']);
  });

  it('is dirty only when what would be sent changes', () => {
    expect(isDirty(BLANK_FAQ, { ...BLANK_FAQ, title: '  ' })).toBe(false);
    expect(isDirty(BLANK_FAQ, { ...BLANK_FAQ, sort: null })).toBe(false);
    expect(isDirty(BLANK_FAQ, { ...BLANK_FAQ, content: 'x' })).toBe(true);
    expect(isDirty(BLANK_FAQ, { ...BLANK_FAQ, is_published: true })).toBe(true);
  });
});
