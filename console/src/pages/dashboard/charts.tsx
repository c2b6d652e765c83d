/**
 * The dashboard's charts (recharts, loaded with this page only). Colours come from the
 * theme's tokens so axes, grid and tooltips read in both light and dark. No animation: the
 * figures refresh every minute, and a chart that redraws itself each time distracts.
 */
import { Empty, theme } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { shortDate, type Daily, type Day } from './daily-series.ts';

const HEIGHT = 260;

function useChartStyle() {
  const { token } = theme.useToken();
  const axis = { fill: token.colorTextSecondary, fontSize: 12 };
  const tooltip: { contentStyle: CSSProperties; labelStyle: CSSProperties; itemStyle: CSSProperties } = {
    contentStyle: {
      background: token.colorBgElevated,
      border: `1px solid ${token.colorBorderSecondary}`,
      borderRadius: token.borderRadius,
    },
    labelStyle: { color: token.colorText },
    itemStyle: { color: token.colorText },
  };
  return { token, axis, tooltip, grid: token.colorBorderSecondary };
}

export function NewUsersChart({ days }: { days: Day[] }) {
  const { t } = useTranslation('dashboard');
  const { token, axis, tooltip, grid } = useChartStyle();
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <AreaChart data={days} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
        <defs>
          <linearGradient id="new-users-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor={token.colorPrimary} stopOpacity={0.35} />
            <stop offset="100%" stopColor={token.colorPrimary} stopOpacity={0.02} />
          </linearGradient>
        </defs>
        <CartesianGrid stroke={grid} strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tickFormatter={shortDate} tick={axis} stroke={grid} minTickGap={16} />
        <YAxis allowDecimals={false} tick={axis} stroke={grid} />
        <Tooltip {...tooltip} />
        <Area
          isAnimationActive={false}
          type="monotone"
          dataKey="new_users"
          name={t('newUsersSeries')}
          stroke={token.colorPrimary}
          strokeWidth={2}
          fill="url(#new-users-fill)"
        />
      </AreaChart>
    </ResponsiveContainer>
  );
}

export function FeedbackStatusChart({ byStatus }: { byStatus: Daily['feedback_by_status'] }) {
  const { t } = useTranslation('dashboard');
  const { token, tooltip } = useChartStyle();
  const colors: Record<number, string> = { 0: token.colorWarning, 1: token.colorPrimary, 2: token.colorTextQuaternary };
  const data = byStatus.map((s) => ({
    name: t(`feedbackStatus.${s.feedback_status}`, { defaultValue: String(s.feedback_status) }),
    value: s.count,
    status: s.feedback_status,
  }));
  if (data.every((d) => d.value === 0))
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noData')} style={{ height: HEIGHT - 40 }} />;
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <PieChart>
        <Pie
          isAnimationActive={false}
          data={data}
          dataKey="value"
          nameKey="name"
          innerRadius="55%"
          outerRadius="80%"
          paddingAngle={2}
          stroke={token.colorBgContainer}
        >
          {data.map((d) => (
            <Cell key={d.status} fill={colors[d.status] ?? token.colorTextTertiary} />
          ))}
        </Pie>
        <Tooltip {...tooltip} />
        <Legend wrapperStyle={{ color: token.colorTextSecondary, fontSize: 12 }} />
      </PieChart>
    </ResponsiveContainer>
  );
}

export function PushDeliveryChart({ days }: { days: Day[] }) {
  const { t } = useTranslation('dashboard');
  const { token, axis, tooltip, grid } = useChartStyle();
  if (days.every((d) => d.pushes === 0 && d.push_sent + d.push_failed + d.push_skipped === 0))
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noPushes')} style={{ height: HEIGHT - 40 }} />;
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={days} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
        <CartesianGrid stroke={grid} strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tickFormatter={shortDate} tick={axis} stroke={grid} minTickGap={16} />
        <YAxis allowDecimals={false} tick={axis} stroke={grid} />
        <Tooltip {...tooltip} cursor={{ fill: token.colorFillTertiary }} />
        <Legend wrapperStyle={{ color: token.colorTextSecondary, fontSize: 12 }} />
        <Bar dataKey="push_sent" name={t('sent')} stackId="push" fill={token.colorSuccess} isAnimationActive={false} />
        <Bar dataKey="push_failed" name={t('failed')} stackId="push" fill={token.colorError} isAnimationActive={false} />
        <Bar
          dataKey="push_skipped"
          name={t('skipped')}
          stackId="push"
          fill={token.colorWarning}
          radius={[3, 3, 0, 0]}
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}
