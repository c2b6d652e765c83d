/** The figures an operator checks first, each a card; waiting feedback links to the inbox. */
import {
  ClockCircleOutlined,
  MessageOutlined,
  MobileOutlined,
  NotificationOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Card, Col, Row, Statistic, Tooltip, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiData } from '../../api/client.ts';
import { ageOf } from '../../shared/relative-time.ts';

type Overview = ApiData<'/admin/api/stats/overview', 'get'>;

function Figure({
  title,
  value,
  icon,
  testId,
  to,
  tip,
}: {
  title: string;
  value: ReactNode;
  icon: ReactNode;
  testId: string;
  to?: string;
  tip?: string;
}) {
  const card = (
    <Card hoverable={!!to} data-testid={testId} style={{ height: '100%' }}>
      <Statistic title={title} value={value as string} prefix={icon} />
    </Card>
  );
  const body = tip ? <Tooltip title={tip}>{card}</Tooltip> : card;
  return to ? <Link to={to}>{body}</Link> : body;
}

export function StatCards({ data, loading, nowMs }: { data: Overview | undefined; loading: boolean; nowMs: number }) {
  const { t } = useTranslation('dashboard');
  const { token } = theme.useToken();
  const age = data?.feedback_oldest_waiting_at ? ageOf(data.feedback_oldest_waiting_at, nowMs) : null;
  const oldest = age ? t(`ago.${age.unit}`, { count: age.count }) : t('nothingWaiting');
  const waitingColor = data && data.feedback_waiting > 0 ? token.colorWarning : token.colorTextSecondary;
  const cards = [
    {
      key: 'feedback-waiting',
      title: t('feedbackWaiting'),
      value: data?.feedback_waiting,
      icon: <MessageOutlined style={{ color: waitingColor }} />,
      to: '/feedback',
    },
    {
      key: 'oldest-waiting',
      title: t('oldestWaiting'),
      value: oldest,
      icon: <ClockCircleOutlined style={{ color: waitingColor }} />,
      to: '/feedback',
      tip: data?.feedback_oldest_waiting_at ?? undefined,
    },
    {
      key: 'users-today',
      title: t('usersToday'),
      value: data?.users_today,
      icon: <UserAddOutlined style={{ color: token.colorSuccess }} />,
    },
    {
      key: 'users-total',
      title: t('usersTotal'),
      value: data?.users_total,
      icon: <TeamOutlined style={{ color: token.colorPrimary }} />,
      to: '/users',
    },
    { key: 'devices', title: t('devices'), value: data?.devices_bound, icon: <MobileOutlined style={{ color: token.colorInfo }} /> },
    {
      key: 'pushes-in-flight',
      title: t('pushesInFlight'),
      value: data?.pushes_in_flight,
      icon: <NotificationOutlined style={{ color: token.colorPrimary }} />,
      to: '/push',
    },
  ];
  return (
    <Row gutter={[16, 16]}>
      {cards.map((c) => (
        <Col key={c.key} xs={24} sm={12} lg={8} xxl={4}>
          {loading ? (
            <Card loading />
          ) : (
            <Figure title={c.title} value={c.value ?? '—'} icon={c.icon} testId={`stat-${c.key}`} to={c.to} tip={c.tip} />
          )}
        </Col>
      ))}
    </Row>
  );
}
