/** Pages behind sign-in: without a session, go to sign-in and come back here afterwards. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { signInPath } from './next-path.ts';
import { useSession } from './session-context.tsx';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { session, expired } = useSession();
  const location = useLocation();
  if (!session) return <Navigate to={signInPath(location.pathname + location.search, expired)} replace />;
  return children;
}
