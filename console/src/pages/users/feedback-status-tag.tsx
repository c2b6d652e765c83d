import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<number, string> = { 0: 'orange', 1: 'blue', 2: 'default' };

/** 0 pending, 1 replied, 2 closed (SPEC section 7). */
export function FeedbackStatusTag({ status }: { status: number }) {
  const { t } = useTranslation('users');
  return <Tag color={COLORS[status] ?? 'default'}>{t(`feedbackStatus.${status}`, { defaultValue: String(status) })}</Tag>;
}
