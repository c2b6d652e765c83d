/** Push messages, newest first (paginated by the server), with their delivery as a bar. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ApiRow } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { FIRST_PAGE, tablePagination, type PageState } from '../../shared/pagination.ts';
import { CancelPushButton } from './cancel-push-button.tsx';
import { DeliveryBar } from './delivery-bar.tsx';
import { messages } from './messages.ts';
import { PushStatusTag } from './push-status-tag.tsx';
import { ScopeText } from './scope-text.tsx';
import { usePushPage } from './use-push.ts';

registerMessages('push', messages);

type Push = ApiRow<'/admin/api/push'>;

export default function PushListPage() {
  const { t } = useTranslation('push');
  const navigate = useNavigate();
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const list = usePushPage(page);

  const columns: ColumnsType<Push> = [
    {
      title: t('col.title'),
      dataIndex: 'push_title',
      ellipsis: true,
      render: (title: string, row) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Link to={`/push/${row.id}`}>{title}</Link>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
            {row.push_body}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('col.scope'), dataIndex: 'push_scope', width: 150, render: (_, row) => <ScopeText push={row} /> },
    { title: t('col.status'), key: 'status', width: 120, render: (_, row) => <PushStatusTag push={row} /> },
    {
      title: t('col.sendAt'),
      dataIndex: 'send_at',
      width: 170,
      responsive: ['lg'],
      render: (v: string, row) => v || <Typography.Text type="secondary">{row.created_at}</Typography.Text>,
    },
    { title: t('col.delivery'), key: 'delivery', width: 190, render: (_, row) => <DeliveryBar push={row} compact /> },
    { title: '', key: 'actions', width: 56, render: (_, row) => <CancelPushButton push={row} compact /> },
  ];

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/push/new')}>
            {t('newPush')}
          </Button>
        }
      />
      <Card>
        <Table<Push>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.data}
          loading={list.isLoading || list.isPlaceholderData}
          pagination={{ ...tablePagination(page, list.data?.total, setPage), showTotal: (total) => t('common:shell.total', { total }) }}
          locale={{
            emptyText: list.isError ? (
              <Typography.Text type="danger">{t('common:shell.loadFailed', { message: list.error.message })}</Typography.Text>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('emptyList')} />
            ),
          }}
          scroll={{ x: 720 }}
          data-testid="push-table"
        />
      </Card>
    </>
  );
}
