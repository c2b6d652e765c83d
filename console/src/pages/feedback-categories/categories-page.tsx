/** Feedback categories: list, create, edit and delete (with a confirm), paginated on the server. */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { Alert, Button, Empty, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { useAppMutation, useAppQuery } from '../../shared/app-query.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { FIRST_PAGE, pageQuery, tablePagination, type PageState } from '../../shared/pagination.ts';
import { CategoryForm, type Category, type CategoryBody } from './category-form.tsx';
import { messages } from './messages.ts';

registerMessages('feedbackCategories', messages);

export default function CategoriesPage() {
  const { t } = useTranslation('feedbackCategories');
  const [page, setPage] = useState<PageState>(FIRST_PAGE);
  const [editing, setEditing] = useState<Category | 'new' | null>(null);

  const list = useAppQuery(
    ['feedback-categories', 'list', page],
    () => call(api.GET('/admin/api/feedback_category', { params: { query: pageQuery(page) } })),
    { placeholderData: keepPreviousData },
  );
  const create = useAppMutation(
    (body: CategoryBody) => call(api.POST('/admin/api/feedback_category', { body })),
    ['feedback-categories'],
    'feedbackCategories:created',
  );
  const update = useAppMutation(
    ({ id, body }: { id: number; body: CategoryBody }) =>
      call(api.PUT('/admin/api/feedback_category/{id}', { params: { path: { id: String(id) } }, body })),
    ['feedback-categories'],
  );
  const remove = useAppMutation(
    (id: number) => call(api.DELETE('/admin/api/feedback_category/{id}', { params: { path: { id: String(id) } } })),
    ['feedback-categories'],
    'shell.deleted',
  );

  // Deleting the last row of a page would leave an empty page: step back one.
  async function deleteRow(row: Category) {
    await remove.mutateAsync(row.id).catch(() => undefined);
    if (list.data && list.data.data.length === 1 && page.page > 1) setPage({ ...page, page: page.page - 1 });
  }

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('add')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {list.isError && (
        <Alert
          type="error"
          showIcon
          title={t('shell.loadFailed', { ns: 'common', message: list.error.message })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<Category>
        rowKey="id"
        data-testid="categories-table"
        loading={list.isFetching}
        dataSource={list.data?.data ?? []}
        pagination={tablePagination(page, list.data?.total, setPage)}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
        scroll={{ x: 640 }}
        columns={[
          { title: t('name'), dataIndex: 'name', width: 220, render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
          {
            title: t('description'),
            dataIndex: 'description',
            render: (d: string) => (d ? d : <Typography.Text type="secondary">—</Typography.Text>),
          },
          { title: t('updated'), dataIndex: 'updated_at', width: 180 },
          {
            title: t('actions'),
            key: 'actions',
            width: 200,
            render: (_, row) => (
              <Space>
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(row)}
                  aria-label={`${t('action.edit', { ns: 'common' })} ${row.name}`}
                >
                  {t('action.edit', { ns: 'common' })}
                </Button>
                <Popconfirm
                  title={t('confirmDelete', { name: row.name })}
                  description={t('confirmDeleteHint')}
                  okText={t('action.delete', { ns: 'common' })}
                  cancelText={t('action.cancel', { ns: 'common' })}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => deleteRow(row)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t('action.delete', { ns: 'common' })} ${row.name}`}>
                    {t('action.delete', { ns: 'common' })}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing !== null && (
        <CategoryForm
          editing={editing}
          saving={create.isPending || update.isPending}
          onClose={() => setEditing(null)}
          onSave={(body) => (editing === 'new' ? create.mutateAsync(body) : update.mutateAsync({ id: editing.id, body }))}
        />
      )}
    </>
  );
}
