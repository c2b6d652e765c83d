/** The FAQ area's server calls: the list page and the editor share them. */
import { keepPreviousData } from '@tanstack/react-query';
import { api, call, type paths } from '../../api/client.ts';
import { useAppMutation, useAppQuery } from '../../shared/app-query.ts';
import type { PageState } from '../../shared/pagination.ts';
import { pageQuery } from '../../shared/pagination.ts';
import { categoriesOf } from './faq-form.ts';

export interface FaqFilters {
  q: string;
  category: string;
}

export function useFaqPage(page: PageState, filters: FaqFilters) {
  // The previous page stays on screen (dimmed by the table's spinner) while the next loads.
  return useAppQuery(
    ['faq', 'list', page, filters],
    () => call(api.GET('/admin/api/faq', { params: { query: { ...pageQuery(page), q: filters.q, category: filters.category } } })),
    { placeholderData: keepPreviousData },
  );
}

/** Categories in use among the newest 100 articles (the route's largest page). */
export function useFaqCategories() {
  return useAppQuery(['faq', 'categories'], async () => {
    const page = await call(api.GET('/admin/api/faq', { params: { query: { page_size: '100' } } }));
    return categoriesOf(page.data);
  });
}

export function useFaqArticle(id: number | null) {
  return useAppQuery(['faq', 'one', id], () => call(api.GET('/admin/api/faq/{id}', { params: { path: { id: String(id) } } })), {
    enabled: id !== null,
  });
}

export type FaqUpdateBody = NonNullable<paths['/admin/api/faq/{id}']['put']['requestBody']>['content']['application/json'];

export function useUpdateFaq(successKey = 'faq:saved') {
  return useAppMutation(
    ({ id, body }: { id: number; body: FaqUpdateBody }) =>
      call(api.PUT('/admin/api/faq/{id}', { params: { path: { id: String(id) } }, body })),
    ['faq'],
    successKey,
  );
}
