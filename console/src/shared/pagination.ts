/** Server-side pagination: the query string the list routes take, from a table's state. */
export interface PageState {
  page: number;
  pageSize: number;
}

export const FIRST_PAGE: PageState = { page: 1, pageSize: 20 };

export function pageQuery(p: PageState): { page_no: string; page_size: string } {
  return { page_no: String(p.page), page_size: String(p.pageSize) };
}

/** Ant Design's table pagination, fed by a page answer's `total`. */
export function tablePagination(p: PageState, total: number | undefined, onChange: (p: PageState) => void) {
  return {
    current: p.page,
    pageSize: p.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    onChange: (page: number, pageSize: number) => onChange({ page: pageSize === p.pageSize ? page : 1, pageSize }),
  };
}
