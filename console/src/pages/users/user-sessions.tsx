/** The user's live sessions, paginated, and "sign out everywhere". */
import { LogoutOutlined } from '@ant-design/icons';
import { Button, Card, Popconfirm, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type ApiRow } from '../../api/client.ts';
import { useAppMutation, useAppQuery } from '../../shared/app-query.ts';
import { pageQuery, tablePagination, type PageState } from '../../shared/pagination.ts';

type Session = ApiRow<'/admin/api/users/{id}/sessions'>;

export function UserSessions({ userId }: { userId: string }) {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const [page, setPage] = useState<PageState>({ page: 1, pageSize: 10 });
  const sessions = useAppQuery(['users', userId, 'sessions', page], () =>
    call(api.GET('/admin/api/users/{id}/sessions', { params: { path: { id: userId }, query: pageQuery(page) } })),
  );
  const revoke = useAppMutation(
    () => call(api.DELETE('/admin/api/users/{id}/sessions', { params: { path: { id: userId } } })),
    ['users', 'audit'],
    'users:signedOut',
  );
  return (
    <Card
      title={t('sessions')}
      data-testid="user-sessions"
      extra={
        <Popconfirm
          title={t('signOutEverywhere')}
          description={t('signOutConfirm')}
          onConfirm={() => revoke.mutate(undefined)}
          okText={tc('action.yes')}
          cancelText={tc('action.no')}
          okButtonProps={{ danger: true }}
        >
          <Button danger icon={<LogoutOutlined />} loading={revoke.isPending} disabled={!sessions.data?.total}>
            {t('signOutEverywhere')}
          </Button>
        </Popconfirm>
      }
    >
      <Table<Session>
        rowKey="id"
        size="small"
        loading={sessions.isLoading}
        dataSource={sessions.data?.data}
        pagination={sessions.data && sessions.data.total > page.pageSize ? tablePagination(page, sessions.data.total, setPage) : false}
        locale={{ emptyText: t('noSessions') }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('signedInAt'), dataIndex: 'created_at' },
          { title: t('lastUsed'), dataIndex: 'last_used_at' },
          { title: t('ip'), dataIndex: 'ip' },
          {
            title: t('userAgent'),
            dataIndex: 'user_agent',
            render: (ua: string) => (
              <Typography.Text ellipsis={{ tooltip: ua }} style={{ maxWidth: 280 }}>
                {ua || '—'}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
