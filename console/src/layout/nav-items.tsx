/** The side menu: one entry per page; super-only pages are hidden from operators. */
import {
  AuditOutlined,
  DashboardOutlined,
  MessageOutlined,
  NotificationOutlined,
  QuestionCircleOutlined,
  SafetyOutlined,
  AppstoreOutlined,
  TagsOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface NavItem {
  path: string;
  labelKey: string;
  icon: ReactNode;
  superOnly?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { path: '/', labelKey: 'nav.dashboard', icon: <DashboardOutlined /> },
  { path: '/feedback', labelKey: 'nav.feedback', icon: <MessageOutlined /> },
  { path: '/users', labelKey: 'nav.users', icon: <UserOutlined /> },
  { path: '/faq', labelKey: 'nav.faq', icon: <QuestionCircleOutlined /> },
  { path: '/push', labelKey: 'nav.push', icon: <NotificationOutlined /> },
  { path: '/feedback-categories', labelKey: 'nav.feedbackCategories', icon: <TagsOutlined /> },
  { path: '/apps', labelKey: 'nav.apps', icon: <AppstoreOutlined />, superOnly: true },
  { path: '/managers', labelKey: 'nav.managers', icon: <TeamOutlined />, superOnly: true },
  { path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined /> },
  { path: '/security', labelKey: 'nav.security', icon: <SafetyOutlined /> },
];

/** The menu entry a location belongs to: the longest path that prefixes it. */
export function selectedNav(pathname: string, items: NavItem[] = NAV_ITEMS): string {
  let best = '/';
  for (const item of items) {
    if (item.path === '/') continue;
    if ((pathname === item.path || pathname.startsWith(`${item.path}/`)) && item.path.length > best.length) best = item.path;
  }
  return best;
}
