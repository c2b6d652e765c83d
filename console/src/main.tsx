import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppdeskError } from './api/client.ts';
import { SessionProvider } from './auth/session-context.tsx';
import './i18n/index.ts';
import { AppRoutes } from './routes.tsx';
import { PreferencesProvider } from './shell/preferences.tsx';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // The server's refusals (its codes) are answers, not network trouble: do not retry them.
      retry: (count, error) => !(error instanceof AppdeskError) && count < 2,
      refetchOnWindowFocus: false,
      // The console is served by the server it calls: the browser's guess that it is offline
      // must not hold a call back silently. Sent anyway, a call that cannot go says so.
      networkMode: 'always',
    },
    mutations: { networkMode: 'always' },
  },
});

/**
 * A data router (for useBlocker: editors ask before unsaved changes are lost), with the
 * whole app under one splat route so AppRoutes keeps its own <Routes>.
 */
const router = createBrowserRouter(
  [
    {
      path: '*',
      element: (
        <PreferencesProvider>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </PreferencesProvider>
      ),
    },
  ],
  { basename: '/admin' },
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
