import { describe, expect, it } from 'vitest';
import { pageQuery, tablePagination } from './pagination.ts';

describe('server-side pagination', () => {
  it('asks the server for the page the table shows', () => {
    expect(pageQuery({ page: 3, pageSize: 50 })).toEqual({ page_no: '3', page_size: '50' });
  });

  it('goes back to the first page when the page size changes, and keeps the page otherwise', () => {
    const seen: unknown[] = [];
    const p = tablePagination({ page: 4, pageSize: 20 }, 500, (next) => seen.push(next));
    expect(p.total).toBe(500);
    p.onChange(5, 20);
    p.onChange(4, 50);
    expect(seen).toEqual([
      { page: 5, pageSize: 20 },
      { page: 1, pageSize: 50 },
    ]);
  });
});
