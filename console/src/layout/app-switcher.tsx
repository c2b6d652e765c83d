/**
 * The app the console is looking at (sent as X-App-Id). Supers choose among every app,
 * operators among theirs; a stored choice the manager may no longer use falls back to
 * the first app they may.
 */
import { AppstoreOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client.ts';
import { useSession } from '../auth/session-context.tsx';
import { useMe } from '../shell/use-me.ts';

export function AppSwitcher() {
  const { t } = useTranslation();
  const { appId, setAppId } = useSession();
  const me = useMe();
  const isSuper = me.data?.role === 'super';
  const apps = useQuery({
    queryKey: ['apps', 'switcher'],
    queryFn: () => call(api.GET('/admin/api/apps', { params: { query: { page_size: '100' } } })),
    enabled: isSuper,
  });

  const options = isSuper
    ? (apps.data?.data ?? []).map((a) => ({
        value: a.app_id,
        label: a.app_id ? `${a.name} (${a.app_id})` : a.name || t('shell.defaultApp'),
      }))
    : (me.data?.app_ids ?? []).map((id) => ({ value: id, label: id || t('shell.defaultApp') }));

  useEffect(() => {
    if (options.length > 0 && !options.some((o) => o.value === appId)) setAppId(options[0]!.value);
  }, [options, appId, setAppId]);

  return (
    <Select
      data-testid="app-switcher"
      aria-label={t('shell.app')}
      value={appId}
      onChange={setAppId}
      options={options}
      loading={me.isLoading || apps.isLoading}
      suffixIcon={<AppstoreOutlined />}
      style={{ minWidth: 180 }}
      popupMatchSelectWidth={false}
    />
  );
}
