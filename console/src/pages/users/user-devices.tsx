/** The user's bound push devices (the client id only as a hint: it addresses the phone). */
import { AndroidOutlined, AppleOutlined } from '@ant-design/icons';
import { Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call, type ApiData } from '../../api/client.ts';
import { useAppQuery } from '../../shared/app-query.ts';

type Device = ApiData<'/admin/api/users/{id}/devices', 'get'>[number];

export function UserDevices({ userId }: { userId: string }) {
  const { t } = useTranslation('users');
  const devices = useAppQuery(['users', userId, 'devices'], () =>
    call(api.GET('/admin/api/users/{id}/devices', { params: { path: { id: userId } } })),
  );
  return (
    <Card title={t('devices')} data-testid="user-devices">
      <Table<Device>
        rowKey="id"
        size="small"
        pagination={false}
        loading={devices.isLoading}
        dataSource={devices.data}
        locale={{ emptyText: t('noDevices') }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('platform'),
            dataIndex: 'client_type',
            render: (c: string) => (
              <Space>
                {c === 'ios' ? <AppleOutlined /> : <AndroidOutlined />}
                {c}
              </Space>
            ),
          },
          { title: t('provider'), dataIndex: 'provider', render: (p: string) => <Tag>{p}</Tag> },
          { title: t('clientId'), dataIndex: 'client_id_hint', render: (h: string) => <span className="mono">{h}</span> },
          {
            title: t('pushSwitch'),
            dataIndex: 'switch',
            render: (on: boolean) => (on ? <Tag color="green">{t('switchOn')}</Tag> : <Tag>{t('switchOff')}</Tag>),
          },
          { title: t('lastSeen'), dataIndex: 'updated_at' },
        ]}
      />
    </Card>
  );
}
