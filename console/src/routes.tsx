/**
 * Every page is its own chunk (React.lazy): sign-in loads only the shell, and each page
 * loads the first time it is opened. Paths are relative to /admin.
 */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Spin } from 'antd';
import { Route, Routes } from 'react-router';
import { RequireAuth } from './auth/require-auth.tsx';

type Page = LazyExoticComponent<ComponentType>;
const page = (load: () => Promise<{ default: ComponentType }>): Page => lazy(load);

const SignIn = page(() => import('./auth/sign-in-page.tsx'));
const ConsoleLayout = page(() => import('./layout/console-layout.tsx'));
const Dashboard = page(() => import('./pages/dashboard/dashboard-page.tsx'));
const Users = page(() => import('./pages/users/users-page.tsx'));
const UserDetail = page(() => import('./pages/users/user-detail-page.tsx'));
const FaqList = page(() => import('./pages/faq/faq-list-page.tsx'));
const FaqEditor = page(() => import('./pages/faq/faq-editor-page.tsx'));
const Inbox = page(() => import('./pages/feedback/inbox-page.tsx'));
const Categories = page(() => import('./pages/feedback-categories/categories-page.tsx'));
const PushList = page(() => import('./pages/push/push-list-page.tsx'));
const PushCompose = page(() => import('./pages/push/push-compose-page.tsx'));
const PushDetail = page(() => import('./pages/push/push-detail-page.tsx'));
const Apps = page(() => import('./pages/apps/apps-page.tsx'));
const AppSettings = page(() => import('./pages/apps/app-settings-page.tsx'));
const Managers = page(() => import('./pages/managers/managers-page.tsx'));
const Audit = page(() => import('./pages/audit/audit-page.tsx'));
const Security = page(() => import('./pages/security/security-page.tsx'));
const NotFound = page(() => import('./pages/not-found-page.tsx'));

export function AppRoutes() {
  return (
    <Suspense fallback={<Spin className="page-spin" />}>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route
          element={
            <RequireAuth>
              <ConsoleLayout />
            </RequireAuth>
          }
        >
          <Route index element={<Dashboard />} />
          <Route path="users" element={<Users />} />
          <Route path="users/:id" element={<UserDetail />} />
          <Route path="faq" element={<FaqList />} />
          <Route path="faq/new" element={<FaqEditor />} />
          <Route path="faq/:id" element={<FaqEditor />} />
          <Route path="feedback" element={<Inbox />} />
          <Route path="feedback/:id" element={<Inbox />} />
          <Route path="feedback-categories" element={<Categories />} />
          <Route path="push" element={<PushList />} />
          <Route path="push/new" element={<PushCompose />} />
          <Route path="push/:id" element={<PushDetail />} />
          <Route path="apps" element={<Apps />} />
          <Route path="apps/:appId" element={<AppSettings />} />
          <Route path="managers" element={<Managers />} />
          <Route path="audit" element={<Audit />} />
          <Route path="security" element={<Security />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
