/** The signed-in shell: side menu, header (app, language, theme, manager) and the page. */
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Spin, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { useSession } from '../auth/session-context.tsx';
import { useMe } from '../shell/use-me.ts';
import { AppSwitcher } from './app-switcher.tsx';
import { NAV_ITEMS, selectedNav } from './nav-items.tsx';
import { ShellControls } from './shell-controls.tsx';

export default function ConsoleLayout() {
  const { t } = useTranslation();
  const { session, signOut, appId } = useSession();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const role = me.data?.role ?? session?.manager.role;
  const items = NAV_ITEMS.filter((i) => !i.superOnly || role === 'super').map((i) => ({
    key: i.path,
    icon: i.icon,
    label: t(i.labelKey),
  }));

  async function logout() {
    await api.POST('/admin/api/auth/logout').catch(() => undefined);
    signOut();
    void navigate('/sign-in', { replace: true });
  }

  return (
    <Layout className="console">
      <Layout.Sider breakpoint="lg" collapsible collapsed={collapsed} onCollapse={setCollapsed} className="console__sider" width={220}>
        <div className="console__brand">
          <span className="brand-mark">a</span>
          {!collapsed && <span>appdesk</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selectedNav(location.pathname)]}
          items={items}
          onClick={(e) => void navigate(e.key)}
          data-testid="nav"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="console__header">
          <AppSwitcher />
          <div className="console__header-right">
            <ShellControls />
            <Dropdown
              menu={{
                items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('action.signOut'), onClick: () => void logout() }],
              }}
            >
              <Button icon={<UserOutlined />} data-testid="manager-menu">
                <Typography.Text>{session?.manager.username}</Typography.Text>
              </Button>
            </Dropdown>
          </div>
        </Layout.Header>
        <Layout.Content className="console__content">
          <Suspense fallback={<Spin className="page-spin" />}>
            {/* A new app shows its own data from scratch: remount the page on a switch. */}
            <Outlet key={appId} />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
