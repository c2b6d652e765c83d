/** The push area's server calls, shared by its three pages. */
import { keepPreviousData } from '@tanstack/react-query';
import { api, call, type paths } from '../../api/client.ts';
import { useAppMutation, useAppQuery } from '../../shared/app-query.ts';
import { pageQuery, type PageState } from '../../shared/pagination.ts';
import { isFinal } from './delivery.ts';

export type NewPushBody = NonNullable<paths['/admin/api/push']['post']['requestBody']>['content']['application/json'];

/** Rows still on their way refresh on their own, so the list's bars move too. */
export function usePushPage(page: PageState) {
  return useAppQuery(['push', 'list', page], () => call(api.GET('/admin/api/push', { params: { query: pageQuery(page) } })), {
    refetchInterval: (q) => (q.state.data?.data.some((m) => !isFinal(m.push_status)) ? 3000 : false),
    placeholderData: keepPreviousData,
  });
}

/** One push, polled every second until its status is final. */
export function usePush(id: number | null) {
  return useAppQuery(['push', 'one', id], () => call(api.GET('/admin/api/push/{id}', { params: { path: { id: String(id) } } })), {
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && !isFinal(q.state.data.push_status) ? 1000 : false),
  });
}

export function useCancelPush() {
  return useAppMutation(
    (id: number) => call(api.POST('/admin/api/push/{id}/cancel', { params: { path: { id: String(id) } } })),
    ['push'],
    'push:canceled',
  );
}

export function useCreatePush() {
  return useAppMutation((body: NewPushBody) => call(api.POST('/admin/api/push', { body })), ['push'], 'push:created');
}
