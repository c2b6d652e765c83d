/** A push's status as a coloured tag; "sending" spins while the worker is at it. */
import { SyncOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { statusKey, type PushFigures, type StatusKey } from './delivery.ts';

const COLOR: Record<StatusKey, string> = {
  queued: 'default',
  scheduled: 'purple',
  sending: 'processing',
  sent: 'success',
  failed: 'error',
  canceled: 'warning',
};

export function PushStatusTag({ push }: { push: PushFigures }) {
  const { t } = useTranslation('push');
  const key = statusKey(push);
  return (
    <Tag color={COLOR[key]} icon={key === 'sending' ? <SyncOutlined spin /> : undefined} data-testid="push-status">
      {t(`status.${key}`)}
    </Tag>
  );
}
