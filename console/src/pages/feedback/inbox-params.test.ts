import { describe, expect, it } from 'vitest';
import { inboxQuery, readFilters, writeFilters } from './inbox-params.ts';

describe('inbox filters in the URL', () => {
  it('round-trips through the query string, leaving defaults out', () => {
    const f = { status: '0', category: '3', q: 'crash on start', page: 2, pageSize: 50 };
    expect(readFilters(new URLSearchParams(writeFilters(f)))).toEqual(f);
    expect(writeFilters({ status: '', category: '', q: '', page: 1, pageSize: 20 })).toBe('');
  });

  it('falls back to "any" on values the server would refuse', () => {
    expect(readFilters(new URLSearchParams('status=7&category=x&page=-1&size=33'))).toEqual({
      status: '',
      category: '',
      q: '',
      page: 1,
      pageSize: 20,
    });
    expect(readFilters(new URLSearchParams(`q=${'a'.repeat(150)}`)).q).toHaveLength(100);
  });

  it('asks the server only for the filters set', () => {
    expect(inboxQuery({ status: '', category: '', q: '  ', page: 1, pageSize: 20 })).toEqual({ page_no: '1', page_size: '20' });
    expect(inboxQuery({ status: '2', category: '0', q: ' x ', page: 3, pageSize: 50 })).toEqual({
      page_no: '3',
      page_size: '50',
      status: '2',
      category_id: '0',
      q: 'x',
    });
  });
});
