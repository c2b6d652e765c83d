/** Pagination exactly as SPEC section 1: defaults 1/20, page_size clamped to 100. */
import { invalidField } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  pageNo: number;
  pageSize: number;
  offset: number;
}

export interface PageResult<T> {
  total: number;
  pages: number;
  current_page: number;
  page_size: number;
  data: T[];
}

function positiveInt(field: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const text = String(raw).trim();
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) throw invalidField(field, 'must be a positive integer');
  return Number(text);
}

export function parsePage(query: { page_no?: string | undefined; page_size?: string | undefined }): PageRequest {
  const pageNo = positiveInt('page_no', query.page_no, 1);
  const pageSize = Math.min(positiveInt('page_size', query.page_size, DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  return { pageNo, pageSize, offset: (pageNo - 1) * pageSize };
}

export function pageResult<T>(page: PageRequest, total: number, data: T[]): PageResult<T> {
  return {
    total,
    pages: total === 0 ? 0 : Math.ceil(total / page.pageSize),
    current_page: page.pageNo,
    page_size: page.pageSize,
    data,
  };
}
