/** Cancel, for a push whose delivery has not begun, after a confirmation. */
import { StopOutlined } from '@ant-design/icons';
import { Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { canCancel, type PushFigures } from './delivery.ts';
import { useCancelPush } from './use-push.ts';

export function CancelPushButton({ push, compact = false }: { push: PushFigures & { id: number; push_title: string }; compact?: boolean }) {
  const { t } = useTranslation('push');
  const cancel = useCancelPush();
  if (!canCancel(push)) return null;
  return (
    <Popconfirm
      title={t('cancelConfirm', { title: push.push_title })}
      okText={t('cancelOk')}
      okButtonProps={{ danger: true }}
      cancelText={t('keep')}
      onConfirm={() => cancel.mutateAsync(push.id).catch(() => undefined)}
    >
      <Button
        danger
        type={compact ? 'text' : 'default'}
        size={compact ? 'small' : 'middle'}
        icon={<StopOutlined />}
        loading={cancel.isPending}
        aria-label={`${t('cancel')}: ${push.push_title}`}
      >
        {compact ? null : t('cancel')}
      </Button>
    </Popconfirm>
  );
}
