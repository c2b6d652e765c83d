/**
 * The help center's articles, drafts too: filters by category and text (the server filters
 * and paginates), publish and sort order edited in place, delete with a confirmation.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call, type ApiRow } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { useAppMutation } from '../../shared/app-query.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { FIRST_PAGE, tablePagination, type PageState } from '../../shared/pagination.ts';
import { messages } from './messages.ts';
import { SortCell } from './sort-cell.tsx';
import { useFaqCategories, useFaqPage, useUpdateFaq } from './use-faq.ts';

registerMessages('faq', messages);

type Faq = ApiRow<'/admin/api/faq'>;

/** Filters and page live in the address, so a reload or a shared link shows the same list. */
function useListState() {
  const [params, setParams] = useSearchParams();
  const page: PageState = {
    page: Number(params.get('page')) || FIRST_PAGE.page,
    pageSize: Number(params.get('size')) || FIRST_PAGE.pageSize,
  };
  const filters = { q: params.get('q') ?? '', category: params.get('category') ?? '' };
  const set = (next: Partial<PageState & typeof filters>) => {
    const merged = { ...page, ...filters, ...next };
    const out = new URLSearchParams();
    if (merged.q) out.set('q', merged.q);
    if (merged.category) out.set('category', merged.category);
    if (merged.page !== FIRST_PAGE.page) out.set('page', String(merged.page));
    if (merged.pageSize !== FIRST_PAGE.pageSize) out.set('size', String(merged.pageSize));
    setParams(out, { replace: true });
  };
  return { page, filters, set };
}

export default function FaqListPage() {
  const { t } = useTranslation('faq');
  const navigate = useNavigate();
  const { page, filters, set } = useListState();
  const list = useFaqPage(page, filters);
  const categories = useFaqCategories();
  const publish = useUpdateFaq('');
  const sort = useUpdateFaq('faq:sortSaved');
  const remove = useAppMutation(
    (id: number) => call(api.DELETE('/admin/api/faq/{id}', { params: { path: { id: String(id) } } })),
    ['faq'],
    'shell.deleted',
  );
  const filtered = filters.q !== '' || filters.category !== '';

  const columns: ColumnsType<Faq> = [
    {
      title: t('col.title'),
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, row) => <Link to={`/faq/${row.id}`}>{title}</Link>,
    },
    {
      title: t('col.category'),
      dataIndex: 'category',
      width: 160,
      responsive: ['md'],
      render: (c: string) => (c ? <Tag>{c}</Tag> : <Typography.Text type="secondary">{t('noCategory')}</Typography.Text>),
    },
    {
      title: t('col.status'),
      dataIndex: 'is_published',
      width: 150,
      render: (on: boolean, row) => (
        <Space size={8}>
          <Switch
            size="small"
            checked={on}
            aria-label={`${on ? t('unpublish') : t('publish')}: ${row.title}`}
            loading={publish.isPending && publish.variables?.id === row.id}
            onChange={(next) => publish.mutate({ id: row.id, body: { is_published: next } })}
          />
          <Tag color={on ? 'success' : 'default'} data-testid={`faq-status-${row.id}`}>
            {on ? t('published') : t('draft')}
          </Tag>
        </Space>
      ),
    },
    {
      title: t('col.sort'),
      dataIndex: 'sort',
      width: 110,
      render: (v: number, row) => (
        <SortCell value={v} title={row.title} onSave={(next) => sort.mutate({ id: row.id, body: { sort: next } })} />
      ),
    },
    { title: t('col.updated'), dataIndex: 'updated_at', width: 180, responsive: ['lg'] },
    {
      title: t('col.actions'),
      key: 'actions',
      width: 110,
      render: (_, row) => (
        <Space size={4}>
          <Button
            type="text"
            icon={<EditOutlined />}
            aria-label={`${t('common:action.edit')}: ${row.title}`}
            onClick={() => void navigate(`/faq/${row.id}`)}
          />
          <Popconfirm
            title={t('confirmDelete', { title: row.title })}
            okText={t('common:action.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common:action.cancel')}
            onConfirm={() => remove.mutateAsync(row.id)}
          >
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={`${t('common:action.delete')}: ${row.title}`} />
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/faq/new')}>
            {t('newArticle')}
          </Button>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            defaultValue={filters.q}
            placeholder={t('searchPlaceholder')}
            aria-label={t('searchPlaceholder')}
            maxLength={100}
            style={{ width: 320, maxWidth: '100%' }}
            onSearch={(q) => set({ q: q.trim(), page: 1 })}
          />
          <Select
            allowClear
            showSearch
            value={filters.category || undefined}
            placeholder={t('categoryFilter')}
            aria-label={t('categoryFilter')}
            loading={categories.isLoading}
            options={(categories.data ?? []).map((c) => ({ value: c, label: c }))}
            style={{ width: 220 }}
            onChange={(c?: string) => set({ category: c ?? '', page: 1 })}
          />
        </Flex>
        <Table<Faq>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.data}
          loading={list.isFetching}
          pagination={{
            ...tablePagination(page, list.data?.total, (p) => set(p)),
            showTotal: (total) => t('common:shell.total', { total }),
          }}
          locale={{
            emptyText: list.isError ? (
              <Typography.Text type="danger">{t('common:shell.loadFailed', { message: list.error.message })}</Typography.Text>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('emptyFiltered') : t('emptyList')} />
            ),
          }}
          scroll={{ x: 640 }}
          data-testid="faq-table"
        />
      </Card>
    </>
  );
}
