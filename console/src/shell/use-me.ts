/** The signed-in manager as the server sees them now (role, apps, TOTP), cached per session. */
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client.ts';

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => call(api.GET('/admin/api/me')), staleTime: 60_000 });
}
