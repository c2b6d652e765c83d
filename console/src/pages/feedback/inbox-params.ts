/**
 * The inbox's filters live in the URL's query string (`?status=0&category=3&q=…&page=2`), so a
 * reload, a bookmark or a shared link opens the same list; the selected feedback is the path.
 */

export interface InboxFilters {
  /** '' any, '0' pending, '1' replied, '2' closed: the server's own filter values. */
  status: string;
  /** '' any, '0' no category, else a category id. */
  category: string;
  q: string;
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [20, 50, 100] as const;
const DEFAULT_SIZE = 20;

export function readFilters(params: URLSearchParams): InboxFilters {
  const status = params.get('status') ?? '';
  const category = params.get('category') ?? '';
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  return {
    // A hand-edited URL with a value the server would refuse falls back to "any".
    status: /^[012]$/.test(status) ? status : '',
    category: /^[0-9]{1,15}$/.test(category) ? category : '',
    q: (params.get('q') ?? '').slice(0, 100),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
  };
}

/** The query string for `filters`, leaving defaults out so plain URLs stay plain. */
export function writeFilters(f: InboxFilters): string {
  const out = new URLSearchParams();
  if (f.status) out.set('status', f.status);
  if (f.category) out.set('category', f.category);
  if (f.q) out.set('q', f.q);
  if (f.page > 1) out.set('page', String(f.page));
  if (f.pageSize !== DEFAULT_SIZE) out.set('size', String(f.pageSize));
  const text = out.toString();
  return text ? `?${text}` : '';
}

/** The list route's query for `filters`. */
export function inboxQuery(f: InboxFilters) {
  return {
    page_no: String(f.page),
    page_size: String(f.pageSize),
    ...(f.status ? { status: f.status } : {}),
    ...(f.category ? { category_id: f.category } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
  };
}
