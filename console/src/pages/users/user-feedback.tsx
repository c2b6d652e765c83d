/** The user's feedback, newest first; each opens in the inbox. */
import { Card, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call, type ApiRow } from '../../api/client.ts';
import { useAppQuery } from '../../shared/app-query.ts';
import { pageQuery, tablePagination, type PageState } from '../../shared/pagination.ts';
import { FeedbackStatusTag } from './feedback-status-tag.tsx';

type Feedback = ApiRow<'/admin/api/feedback'>;

export function UserFeedback({ userId }: { userId: string }) {
  const { t } = useTranslation('users');
  const [page, setPage] = useState<PageState>({ page: 1, pageSize: 10 });
  const feedback = useAppQuery(['feedback', 'user', userId, page], () =>
    call(api.GET('/admin/api/feedback', { params: { query: { ...pageQuery(page), user_id: userId } } })),
  );
  return (
    <Card title={t('feedback')} data-testid="user-feedback">
      <Table<Feedback>
        rowKey="id"
        size="small"
        loading={feedback.isLoading}
        dataSource={feedback.data?.data}
        pagination={feedback.data && feedback.data.total > page.pageSize ? tablePagination(page, feedback.data.total, setPage) : false}
        locale={{ emptyText: t('noFeedback') }}
        columns={[
          {
            title: t('content'),
            dataIndex: 'feedback_content',
            render: (c: string, f: Feedback) => (
              <Link to={`/feedback/${f.id}`}>
                <Typography.Text ellipsis style={{ maxWidth: 420 }}>
                  {c}
                </Typography.Text>
              </Link>
            ),
          },
          { title: t('status'), dataIndex: 'feedback_status', render: (s: number) => <FeedbackStatusTag status={s} /> },
          { title: t('sentAt'), dataIndex: 'created_at', responsive: ['md' as const] },
        ]}
      />
    </Card>
  );
}
