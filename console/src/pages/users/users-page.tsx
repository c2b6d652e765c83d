/** Users of the app: server-side search over phone, e-mail and nickname, newest first. */
import { Avatar, Input, Space, Table, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call, type ApiRow } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { useAppQuery } from '../../shared/app-query.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { FIRST_PAGE, pageQuery, tablePagination, type PageState } from '../../shared/pagination.ts';
import { messages } from './messages.ts';
import { UserStatusTag } from './user-status-tag.tsx';

registerMessages('users', messages);

type User = ApiRow<'/admin/api/users'>;

/** The search and page live in the URL, so a user's detail page can come back to them. */
function useListState() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page: PageState = {
    page: Number(params.get('page')) || FIRST_PAGE.page,
    pageSize: Number(params.get('size')) || FIRST_PAGE.pageSize,
  };
  const set = (next: { q: string; page: PageState }) => {
    const p = new URLSearchParams();
    if (next.q) p.set('q', next.q);
    if (next.page.page !== 1) p.set('page', String(next.page.page));
    if (next.page.pageSize !== FIRST_PAGE.pageSize) p.set('size', String(next.page.pageSize));
    setParams(p, { replace: true });
  };
  return { q, page, set };
}

export default function UsersPage() {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const { q, page, set } = useListState();
  const list = useAppQuery(['users', q, page], () =>
    call(api.GET('/admin/api/users', { params: { query: { ...pageQuery(page), ...(q ? { q } : {}) } } })),
  );

  const columns = [
    { title: t('id'), dataIndex: 'id', width: 80 },
    {
      title: t('nickname'),
      dataIndex: 'nickname',
      render: (n: string, u: User) => (
        <Space>
          <Avatar size="small" src={u.avatar || undefined} icon={<UserOutlined />} />
          <Link to={`/users/${u.id}`}>{n || u.username || `#${u.id}`}</Link>
        </Space>
      ),
    },
    { title: t('phone'), dataIndex: 'phone', render: (p: string, u: User) => (p ? `${u.area ? `+${u.area} ` : ''}${p}` : '—') },
    { title: t('email'), dataIndex: 'email', render: (e: string) => e || '—', responsive: ['md' as const] },
    { title: t('status'), dataIndex: 'is_active', render: (a: boolean) => <UserStatusTag active={a} /> },
    { title: t('createdAt'), dataIndex: 'created_at' },
  ];

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          <Input.Search
            key={q}
            defaultValue={q}
            placeholder={t('search')}
            aria-label={t('search')}
            allowClear
            enterButton
            maxLength={100}
            style={{ width: 340, maxWidth: '100%' }}
            onSearch={(v) => set({ q: v.trim(), page: { ...page, page: 1 } })}
            data-testid="user-search"
          />
        }
      />
      <Table<User>
        rowKey="id"
        data-testid="users-table"
        columns={columns}
        dataSource={list.data?.data}
        loading={list.isLoading}
        pagination={{
          ...tablePagination(page, list.data?.total, (p) => set({ q, page: p })),
          showTotal: (total) => <Typography.Text type="secondary">{tc('shell.total', { total })}</Typography.Text>,
        }}
        onRow={(u) => ({ onClick: () => void navigate(`/users/${u.id}`), style: { cursor: 'pointer' } })}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
