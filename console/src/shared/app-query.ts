/**
 * Queries and mutations scoped to the selected app: the app id leads every query key, so
 * switching apps never shows another app's cached rows, and a write refreshes its area.
 */
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-context.tsx';
import { errorText } from './error-text.ts';

export function useAppQuery<T>(key: readonly unknown[], fn: () => Promise<T>, options: Partial<UseQueryOptions<T>> = {}) {
  const { appId } = useSession();
  return useQuery<T>({ queryKey: [appId, ...key], queryFn: fn, ...options });
}

/**
 * A write that says "Saved" (or what the server refused, in its own words) and refreshes
 * every query of the areas it names.
 */
export function useAppMutation<A, T>(fn: (args: A) => Promise<T>, refresh: readonly string[], successKey = 'shell.saved') {
  const { appId } = useSession();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation<T, Error, A>({
    mutationFn: fn,
    onSuccess: async () => {
      if (successKey) void message.success(t(successKey));
      await Promise.all(refresh.map((area) => queries.invalidateQueries({ queryKey: [appId, area] })));
    },
    onError: (e) => void message.error(errorText(e)),
  });
}
