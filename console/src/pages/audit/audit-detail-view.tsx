/** The expanded row of an audit entry: what changed, as JSON. */
import { Col, Row, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { detailView } from './audit-detail.ts';

function Json({ value }: { value: unknown }) {
  const { token } = theme.useToken();
  return (
    <pre
      className="mono"
      style={{
        margin: 0,
        padding: 12,
        background: token.colorFillQuaternary,
        borderRadius: token.borderRadius,
        overflow: 'auto',
        maxHeight: 320,
      }}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export function AuditDetailView({ detail }: { detail: Record<string, unknown> }) {
  const { t } = useTranslation('audit');
  const view = detailView(detail);
  if (view.kind === 'empty') return <Typography.Text type="secondary">{t('noDetail')}</Typography.Text>;
  if (view.kind === 'plain')
    return (
      <div data-testid="audit-detail">
        <Typography.Text type="secondary">{t('change')}</Typography.Text>
        <Json value={view.value} />
      </div>
    );
  return (
    <Row gutter={16} data-testid="audit-detail">
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">{t('before')}</Typography.Text>
        <Json value={view.before} />
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text type="secondary">{t('after')}</Typography.Text>
        <Json value={view.after} />
      </Col>
    </Row>
  );
}
