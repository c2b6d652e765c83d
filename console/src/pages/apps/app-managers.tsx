/** Who can act in an app: every super manager, and the operators given the app. */
import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call, type ApiRow } from '../../api/client.ts';
import { useAppQuery } from '../../shared/app-query.ts';

type Manager = ApiRow<'/admin/api/managers'>;

export function AppManagers({ appId }: { appId: string }) {
  const { t } = useTranslation('apps');
  const { t: tc } = useTranslation();
  // Managers are few (a team, not a user base): one page of 100 covers them.
  const managers = useAppQuery(['managers', 'all'], () =>
    call(api.GET('/admin/api/managers', { params: { query: { page_size: '100' } } })),
  );
  const rows = (managers.data?.data ?? []).filter((m) => m.role === 'super' || m.app_ids.includes(appId));
  return (
    <Card title={t('managers')} data-testid="app-managers">
      <Typography.Paragraph type="secondary">{t('managersHint')}</Typography.Paragraph>
      <Table<Manager>
        rowKey="id"
        size="small"
        pagination={false}
        loading={managers.isLoading}
        dataSource={rows}
        columns={[
          { title: t('username'), dataIndex: 'username', render: (u: string) => <Link to="/managers">{u}</Link> },
          {
            title: t('role'),
            dataIndex: 'role',
            render: (r: string) => <Tag color={r === 'super' ? 'gold' : 'blue'}>{tc(`shell.role.${r}`)}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
