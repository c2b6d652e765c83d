/**
 * The audit log: who changed what, newest first, paginated on the server, filtered by the
 * API's own filters (action, manager and app for supers; operators see their app's
 * content changes only, which the server decides).
 */
import { AutoComplete, Select, Space, Table, Tag, Typography, Alert } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type ApiRow } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { useAppQuery } from '../../shared/app-query.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { FIRST_PAGE, pageQuery, tablePagination } from '../../shared/pagination.ts';
import { useMe } from '../../shell/use-me.ts';
import { actionColor, KNOWN_ACTIONS } from './audit-detail.ts';
import { AuditDetailView } from './audit-detail-view.tsx';
import { messages } from './messages.ts';

registerMessages('audit', messages);

type Entry = ApiRow<'/admin/api/audit'>;
interface Filters {
  action?: string;
  manager_id?: number;
  app_id?: string;
}

export default function AuditPage() {
  const { t } = useTranslation('audit');
  const { t: tc } = useTranslation();
  const isSuper = useMe().data?.role === 'super';
  const [page, setPage] = useState(FIRST_PAGE);
  const [filters, setFilters] = useState<Filters>({});
  const [actionText, setActionText] = useState('');
  const list = useAppQuery(['audit', page, filters], () =>
    call(
      api.GET('/admin/api/audit', {
        params: {
          query: {
            ...pageQuery(page),
            ...(filters.action ? { action: filters.action } : {}),
            ...(filters.manager_id ? { manager_id: filters.manager_id } : {}),
            ...(filters.app_id !== undefined ? { app_id: filters.app_id } : {}),
          },
        },
      }),
    ),
  );
  const managers = useAppQuery(
    ['managers', 'all'],
    () => call(api.GET('/admin/api/managers', { params: { query: { page_size: '100' } } })),
    {
      enabled: isSuper,
    },
  );
  const apps = useAppQuery(['apps', 'options'], () => call(api.GET('/admin/api/apps', { params: { query: { page_size: '100' } } })), {
    enabled: isSuper,
  });
  const names = new Map((managers.data?.data ?? []).map((m) => [m.id, m.username]));
  const filter = (next: Filters) => {
    setFilters(next);
    setPage((p) => ({ ...p, page: 1 }));
  };

  const columns = [
    { title: t('time'), dataIndex: 'created_at', width: 180 },
    { title: t('manager'), dataIndex: 'manager_id', render: (id: number) => names.get(id) ?? `#${id}` },
    { title: t('action'), dataIndex: 'action', render: (a: string) => <Tag color={actionColor(a)}>{a}</Tag> },
    {
      title: t('target'),
      key: 'target',
      render: (_: unknown, e: Entry) => (
        <Typography.Text>
          {e.target_type} <Typography.Text type="secondary">#{e.target_id}</Typography.Text>
        </Typography.Text>
      ),
    },
    ...(isSuper
      ? [{ title: t('app'), dataIndex: 'app_id', render: (a: string) => a || <Typography.Text type="secondary">—</Typography.Text> }]
      : []),
    { title: t('ip'), dataIndex: 'ip', responsive: ['lg' as const] },
  ];

  return (
    <>
      <PageHeader title={t('title')} />
      {!isSuper && <Alert type="info" showIcon title={t('operatorScope')} style={{ marginBottom: 16 }} />}
      <Space wrap style={{ marginBottom: 16 }}>
        <AutoComplete
          aria-label={t('action')}
          data-testid="audit-action"
          placeholder={t('anyAction')}
          style={{ width: 240 }}
          allowClear
          value={actionText}
          options={KNOWN_ACTIONS.filter((a) => a.includes(actionText.trim())).map((a) => ({ value: a }))}
          onChange={(v: string) => {
            setActionText(v ?? '');
            if (!v) filter({ ...filters, action: undefined });
          }}
          onSelect={(v: string) => filter({ ...filters, action: v })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') filter({ ...filters, action: actionText.trim() || undefined });
          }}
        />
        {isSuper && (
          <Select
            aria-label={t('manager')}
            placeholder={t('anyManager')}
            style={{ width: 200 }}
            allowClear
            value={filters.manager_id}
            onChange={(v?: number) => filter({ ...filters, manager_id: v })}
            options={(managers.data?.data ?? []).map((m) => ({ value: m.id, label: m.username }))}
          />
        )}
        {isSuper && (
          <Select
            aria-label={t('app')}
            placeholder={t('anyApp')}
            style={{ width: 220 }}
            allowClear
            value={filters.app_id}
            onChange={(v?: string) => filter({ ...filters, app_id: v })}
            options={(apps.data?.data ?? []).map((a) => ({
              value: a.app_id,
              label: a.app_id ? `${a.name} (${a.app_id})` : tc('shell.defaultApp'),
            }))}
          />
        )}
      </Space>
      <Table<Entry>
        rowKey="id"
        data-testid="audit-table"
        columns={columns}
        dataSource={list.data?.data}
        loading={list.isLoading}
        pagination={tablePagination(page, list.data?.total, setPage)}
        expandable={{ expandedRowRender: (e) => <AuditDetailView detail={e.detail} />, expandRowByClick: true }}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
