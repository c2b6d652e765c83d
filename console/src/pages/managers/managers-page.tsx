/**
 * Managers (super only): who may sign in to the console, their role and apps. A manager's
 * second factor can be turned off here (a lost phone); only its owner turns it on. The
 * server guards the last super manager and says so in its own words.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type ApiRow } from '../../api/client.ts';
import { useSession } from '../../auth/session-context.tsx';
import { registerMessages } from '../../i18n/index.ts';
import { useAppMutation, useAppQuery } from '../../shared/app-query.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { FIRST_PAGE, pageQuery, tablePagination } from '../../shared/pagination.ts';
import { ManagerForm, type ManagerFormValues } from './manager-form.tsx';
import { messages } from './messages.ts';

registerMessages('managers', messages);

type Manager = ApiRow<'/admin/api/managers'>;
type UpdateBody = { role?: 'super' | 'operator'; app_ids?: string[]; password?: string; totp_enabled?: false };

export default function ManagersPage() {
  const { t } = useTranslation('managers');
  const { t: tc } = useTranslation();
  const { session } = useSession();
  const [page, setPage] = useState(FIRST_PAGE);
  const [form, setForm] = useState<{ editing: Manager | null } | null>(null);
  const list = useAppQuery(['managers', page], () => call(api.GET('/admin/api/managers', { params: { query: pageQuery(page) } })));
  const create = useAppMutation(
    (body: ManagerFormValues) => call(api.POST('/admin/api/managers', { body: { ...body, password: body.password ?? '' } })),
    ['managers'],
    'managers:created',
  );
  const update = useAppMutation(
    ({ id, body }: { id: number; body: UpdateBody }) =>
      call(api.PUT('/admin/api/managers/{id}', { params: { path: { id: String(id) } }, body })),
    ['managers'],
  );
  const totpOff = useAppMutation(
    (id: number) => call(api.PUT('/admin/api/managers/{id}', { params: { path: { id: String(id) } }, body: { totp_enabled: false } })),
    ['managers'],
    'managers:totpTurnedOff',
  );
  const remove = useAppMutation(
    (id: number) => call(api.DELETE('/admin/api/managers/{id}', { params: { path: { id: String(id) } } })),
    ['managers'],
    'shell.deleted',
  );

  function submit(v: ManagerFormValues) {
    const editing = form?.editing;
    const appIds = v.role === 'super' ? [] : (v.app_ids ?? []);
    const done = { onSuccess: () => setForm(null) };
    if (!editing) create.mutate({ username: v.username.trim(), password: v.password, role: v.role, app_ids: appIds }, done);
    else update.mutate({ id: editing.id, body: { role: v.role, app_ids: appIds, ...(v.password ? { password: v.password } : {}) } }, done);
  }

  const self = session?.manager.id;
  const columns = [
    {
      title: t('username'),
      dataIndex: 'username',
      render: (u: string, m: Manager) => (
        <Space>
          <Typography.Text strong>{u}</Typography.Text>
          {m.id === self && <Tag>{t('you')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('role'),
      dataIndex: 'role',
      render: (r: string) => <Tag color={r === 'super' ? 'gold' : 'blue'}>{tc(`shell.role.${r}`)}</Tag>,
    },
    {
      title: t('apps'),
      dataIndex: 'app_ids',
      render: (ids: string[], m: Manager) =>
        m.role === 'super' ? (
          <Typography.Text type="secondary">{t('allApps')}</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {ids.map((id) => (
              <Tag key={id}>{id || tc('shell.defaultApp')}</Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('totp'),
      dataIndex: 'totp_enabled',
      render: (on: boolean) => (on ? <Tag color="green">{t('totpOn')}</Tag> : <Tag>{t('totpOff')}</Tag>),
    },
    { title: t('createdAt'), dataIndex: 'created_at', responsive: ['lg' as const] },
    {
      title: t('actions'),
      key: 'actions',
      render: (_: unknown, m: Manager) => (
        <Space>
          <Tooltip title={tc('action.edit')}>
            <Button
              size="small"
              icon={<EditOutlined />}
              aria-label={`${tc('action.edit')} ${m.username}`}
              onClick={() => setForm({ editing: m })}
            />
          </Tooltip>
          {m.totp_enabled && m.id !== self && (
            <Popconfirm
              title={t('totpTurnOff')}
              description={t('totpTurnOffConfirm', { username: m.username })}
              onConfirm={() => totpOff.mutate(m.id)}
              okText={tc('action.yes')}
              cancelText={tc('action.no')}
            >
              <Tooltip title={t('totpTurnOff')}>
                <Button size="small" icon={<SafetyOutlined />} aria-label={`${t('totpTurnOff')} ${m.username}`} />
              </Tooltip>
            </Popconfirm>
          )}
          {m.id !== self && (
            <Popconfirm
              title={tc('action.delete')}
              description={t('deleteConfirm', { username: m.username })}
              onConfirm={() => remove.mutate(m.id)}
              okText={tc('action.yes')}
              cancelText={tc('action.no')}
              okButtonProps={{ danger: true }}
            >
              <Tooltip title={tc('action.delete')}>
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${tc('action.delete')} ${m.username}`} />
              </Tooltip>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })} data-testid="create-manager">
            {t('create')}
          </Button>
        }
      />
      <Table<Manager>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.data}
        loading={list.isLoading}
        pagination={tablePagination(page, list.data?.total, setPage)}
        scroll={{ x: 'max-content' }}
      />
      {/* A fresh dialog (and form store) per opening: with one shared store, Edit opened
          right after Create kept Create's emptied fields instead of the manager's. */}
      <ManagerForm
        key={form === null ? 'closed' : form.editing ? `edit-${form.editing.id}` : 'create'}
        open={form !== null}
        editing={form?.editing ?? null}
        busy={create.isPending || update.isPending}
        onCancel={() => setForm(null)}
        onSubmit={submit}
      />
    </>
  );
}
