/**
 * Delivery figures as one bar: sent, failed and skipped as coloured segments of targeted,
 * the rest (not yet handled) left empty. Compact for the list, with figures for the detail.
 */
import { Flex, theme, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shares, type PushFigures } from './delivery.ts';

export function DeliveryBar({ push, compact = false }: { push: PushFigures; compact?: boolean }) {
  const { t } = useTranslation('push');
  const { token } = theme.useToken();
  const s = shares(push);
  const segments = [
    { key: 'sent', pct: s.sent, color: token.colorSuccess },
    { key: 'failed', pct: s.failed, color: token.colorError },
    { key: 'skipped', pct: s.skipped, color: token.colorWarning },
  ];
  const bar = (
    <div
      role="progressbar"
      aria-valuenow={s.progress}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-label={t('figures.summary', { done: s.done, targeted: push.targeted })}
      style={{
        display: 'flex',
        height: compact ? 8 : 12,
        borderRadius: 6,
        overflow: 'hidden',
        background: token.colorFillSecondary,
        minWidth: compact ? 120 : 200,
      }}
    >
      {segments.map((g) => (
        <div key={g.key} style={{ width: `${g.pct}%`, background: g.color, transition: 'width .4s' }} />
      ))}
    </div>
  );
  const figures = (
    <Typography.Text type="secondary" style={{ fontSize: compact ? 12 : 14, whiteSpace: 'nowrap' }} data-testid="delivery-figures">
      {push.targeted > 0 ? t('figures.compact', { done: s.done, targeted: push.targeted, failed: push.failed }) : '—'}
    </Typography.Text>
  );
  if (!compact) return bar;
  return (
    <Tooltip
      title={
        <>
          <div>
            {t('figures.targeted')}: {push.targeted}
          </div>
          <div>
            {t('figures.sent')}: {push.sent}
          </div>
          <div>
            {t('figures.failed')}: {push.failed}
          </div>
          <div>
            {t('figures.skipped')}: {push.skipped}
          </div>
        </>
      }
    >
      <Flex vertical gap={2}>
        {bar}
        {figures}
      </Flex>
    </Tooltip>
  );
}
