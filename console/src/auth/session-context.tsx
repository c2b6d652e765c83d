/**
 * Who is signed in, and which app they are looking at. A 10004 from any request clears the
 * session and sends the operator to sign-in, remembering where they were (`?next=`).
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSessionExpired } from '../api/client.ts';
import { loadAppId, loadSession, saveAppId, saveSession, type ManagerSession } from '../api/session.ts';

interface SessionState {
  session: ManagerSession | null;
  signIn: (session: ManagerSession) => void;
  signOut: () => void;
  /** True once the server refused the session's token: sign-in then says why. */
  expired: boolean;
  appId: string;
  setAppId: (appId: string) => void;
}

const EXPIRED_KEY = 'appdesk.console.expired';

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<ManagerSession | null>(() => loadSession());
  const [expired, setExpired] = useState(false);
  const [appId, setApp] = useState(loadAppId);
  const queries = useQueryClient();

  const signOut = useCallback(() => {
    saveSession(null);
    setSession(null);
    queries.clear();
  }, [queries]);

  // RequireAuth does the redirect (one navigation, with ?next= and the reason).
  useEffect(() => {
    onSessionExpired(() => {
      // Also kept outside React, so the reason survives however the redirect gets rendered.
      sessionStorage.setItem(EXPIRED_KEY, '1');
      saveSession(null);
      setExpired(true);
      setSession(null);
      queries.clear();
    });
    return () => onSessionExpired(null);
  }, [queries]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      signIn: (s) => {
        sessionStorage.removeItem(EXPIRED_KEY);
        saveSession(s);
        setExpired(false);
        setSession(s);
      },
      signOut,
      expired: expired || sessionStorage.getItem(EXPIRED_KEY) === '1',
      appId,
      setAppId: (id) => {
        saveAppId(id);
        setApp(id);
      },
    }),
    [session, signOut, expired, appId],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
