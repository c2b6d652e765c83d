/**
 * The dashboard: what needs attention now (waiting feedback and how long the oldest has
 * waited), how the app grows, and how pushes are delivered, over 7, 30 or 90 days.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { useAppQuery } from '../../shared/app-query.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { FeedbackStatusChart, NewUsersChart, PushDeliveryChart } from './charts.tsx';
import { periodTotals, RANGES, type Range } from './daily-series.ts';
import { messages } from './messages.ts';
import { StatCards } from './stat-cards.tsx';

registerMessages('dashboard', messages);

/** Figures move while operators work: refresh them every minute while the page is open. */
const REFRESH_MS = 60_000;

export default function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const { t: tc } = useTranslation();
  const [range, setRange] = useState<Range>(30);
  const overview = useAppQuery(['stats', 'overview'], () => call(api.GET('/admin/api/stats/overview')), { refetchInterval: REFRESH_MS });
  const daily = useAppQuery(
    ['stats', 'daily', range],
    () => call(api.GET('/admin/api/stats/daily', { params: { query: { days: range } } })),
    {
      refetchInterval: REFRESH_MS,
      placeholderData: (previous) => previous,
    },
  );
  const days = daily.data?.days ?? [];
  const totals = periodTotals(days);
  const loadingCharts = daily.isLoading;

  return (
    <>
      <PageHeader
        title={t('title')}
        extra={
          <Space>
            <Segmented<Range>
              data-testid="range"
              value={range}
              onChange={setRange}
              options={RANGES.map((d) => ({ value: d, label: t('range', { days: d }) }))}
            />
            <Button
              icon={<ReloadOutlined />}
              aria-label={tc('action.refresh')}
              onClick={() => void Promise.all([overview.refetch(), daily.refetch()])}
              loading={overview.isFetching || daily.isFetching}
            />
          </Space>
        }
      />
      <StatCards data={overview.data} loading={overview.isLoading} nowMs={overview.dataUpdatedAt} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card
            title={t('newUsers')}
            extra={<Typography.Text type="secondary">{t('periodTotal', { total: totals.newUsers })}</Typography.Text>}
            loading={loadingCharts}
            data-testid="chart-new-users"
          >
            <NewUsersChart days={days} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            title={t('feedbackByStatus')}
            extra={<Typography.Text type="secondary">{t('periodTotal', { total: totals.feedback })}</Typography.Text>}
            loading={loadingCharts}
            data-testid="chart-feedback"
          >
            <FeedbackStatusChart byStatus={daily.data?.feedback_by_status ?? []} />
          </Card>
        </Col>
        <Col span={24}>
          <Card
            title={t('pushes')}
            extra={
              <Typography.Text type="secondary">
                {t('sent')} {totals.pushSent} · {t('failed')} {totals.pushFailed} · {t('skipped')} {totals.pushSkipped}
              </Typography.Text>
            }
            loading={loadingCharts}
            data-testid="chart-pushes"
          >
            <PushDeliveryChart days={days} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
