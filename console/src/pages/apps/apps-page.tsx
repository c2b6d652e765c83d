/** Apps (super only): every tenant app with its providers at a glance, and a new one. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, call, type ApiRow } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { useAppMutation, useAppQuery } from '../../shared/app-query.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { FIRST_PAGE, pageQuery, tablePagination } from '../../shared/pagination.ts';
import { messages } from './messages.ts';

registerMessages('apps', messages);

type AppRow = ApiRow<'/admin/api/apps'>;

/** The path segment of an app: the default app ("") is "_default" on the wire. */
export const appPath = (appId: string) => `/apps/${appId === '' ? '_default' : encodeURIComponent(appId)}`;

function ProviderTag({ value }: { value: unknown }) {
  const { t } = useTranslation('apps');
  return typeof value === 'string' && value ? <Tag>{value}</Tag> : <Typography.Text type="secondary">{t('none')}</Typography.Text>;
}

export default function AppsPage() {
  const { t } = useTranslation('apps');
  const navigate = useNavigate();
  const [page, setPage] = useState(FIRST_PAGE);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ app_id: string; name: string }>();
  const list = useAppQuery(['apps', page], () => call(api.GET('/admin/api/apps', { params: { query: pageQuery(page) } })));
  const create = useAppMutation(
    (body: { app_id: string; name: string }) => call(api.POST('/admin/api/apps', { body })),
    ['apps'],
    'apps:created',
  );

  const columns = [
    {
      title: t('appId'),
      dataIndex: 'app_id',
      render: (id: string) => <Link to={appPath(id)}>{id || <Typography.Text type="secondary">{t('defaultApp')}</Typography.Text>}</Link>,
    },
    { title: t('name'), dataIndex: 'name' },
    {
      title: t('androidProvider'),
      key: 'android',
      render: (_: unknown, a: AppRow) => <ProviderTag value={a.push_config.android_provider} />,
    },
    { title: t('iosProvider'), key: 'ios', render: (_: unknown, a: AppRow) => <ProviderTag value={a.push_config.ios_provider} /> },
    { title: t('smsProvider'), key: 'sms', render: (_: unknown, a: AppRow) => <ProviderTag value={a.sms_config.provider} /> },
    { title: t('createdAt'), dataIndex: 'created_at', responsive: ['md' as const] },
  ];

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-app">
            {t('create')}
          </Button>
        }
      />
      <Table<AppRow>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.data}
        loading={list.isLoading}
        pagination={tablePagination(page, list.data?.total, setPage)}
        onRow={(a) => ({ onDoubleClick: () => void navigate(appPath(a.app_id)) })}
        scroll={{ x: 'max-content' }}
      />
      <Modal
        title={t('create')}
        open={creating}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            create.mutate(
              { app_id: v.app_id.trim(), name: v.name.trim() },
              {
                onSuccess: (app) => {
                  setCreating(false);
                  void navigate(appPath(app.app_id));
                },
              },
            )
          }
        >
          <Form.Item
            name="app_id"
            label={t('appId')}
            extra={t('appIdHint')}
            rules={[
              { required: true, whitespace: true, message: t('required') },
              { max: 64, message: t('tooLong', { max: 64 }) },
            ]}
          >
            <Input autoFocus />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('name')}
            rules={[
              { required: true, whitespace: true, message: t('required') },
              { max: 128, message: t('tooLong', { max: 128 }) },
            ]}
          >
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
