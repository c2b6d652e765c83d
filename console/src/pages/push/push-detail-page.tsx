/**
 * /push/:id: one push and its delivery, polled every second while it is pending (queued,
 * scheduled or sending) and left alone once its status is final.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Descriptions, Empty, Flex, Result, Row, Space, Spin, Statistic, Tag, theme, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useSession } from '../../auth/session-context.tsx';
import { registerMessages } from '../../i18n/index.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { CancelPushButton } from './cancel-push-button.tsx';
import { DeliveryBar } from './delivery-bar.tsx';
import { isFinal, PushScope, shares } from './delivery.ts';
import { messages } from './messages.ts';
import { PhonePreview } from './phone-preview.tsx';
import { PushStatusTag } from './push-status-tag.tsx';
import { ScopeText } from './scope-text.tsx';
import { usePush } from './use-push.ts';

registerMessages('push', messages);

/** Listed ids shown before "+N": a push may list up to 10000. */
const SHOWN_IDS = 60;

export default function PushDetailPage() {
  const { t } = useTranslation('push');
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const { appId } = useSession();
  const params = useParams();
  const raw = Number(params.id);
  const id = Number.isSafeInteger(raw) && raw > 0 ? raw : null;
  const query = usePush(id);
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/push')}>
      {t('common:action.back')}
    </Button>
  );

  if (query.isLoading) return <Spin className="page-spin" />;
  const push = query.data;
  if (!push) return <Result status="404" title={t('detail.notFound')} subTitle={query.error?.message} extra={back} />;

  const final = isFinal(push.push_status);
  const s = shares(push);
  const extras = Object.entries(push.extras);
  const figure = (key: 'targeted' | 'sent' | 'failed' | 'skipped', color?: string) => (
    <Col xs={12} md={6}>
      <Statistic
        title={t(key === 'skipped' ? 'figures.skippedShort' : `figures.${key}`)}
        value={push[key]}
        styles={{ content: color ? { color } : undefined }}
        data-testid={`figure-${key}`}
      />
    </Col>
  );

  return (
    <>
      <PageHeader
        title={
          <Space size={12}>
            {t('detailTitle', { id: push.id })}
            <PushStatusTag push={push} />
          </Space>
        }
        extra={
          <Space>
            {back}
            <CancelPushButton push={push} />
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card
            title={t('col.delivery')}
            extra={
              final ? (
                <Typography.Text type="secondary" data-testid="delivery-state">
                  {t('detail.final')}
                </Typography.Text>
              ) : (
                <Badge status="processing" text={t('detail.live')} data-testid="delivery-state" />
              )
            }
            style={{ marginBottom: 16 }}
          >
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
              {figure('targeted')}
              {figure('sent', token.colorSuccess)}
              {figure('failed', push.failed > 0 ? token.colorError : undefined)}
              {figure('skipped', push.skipped > 0 ? token.colorWarning : undefined)}
            </Row>
            <DeliveryBar push={push} />
            <Flex justify="space-between" wrap gap={8} style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">
                {push.targeted > 0 ? t('figures.summary', { done: s.done, targeted: push.targeted }) : t('figures.none')}
              </Typography.Text>
              <Space size={16} wrap>
                <Badge color={token.colorSuccess} text={t('figures.sent')} />
                <Badge color={token.colorError} text={t('figures.failed')} />
                <Badge color={token.colorWarning} text={t('figures.skipped')} />
                <Badge color={token.colorFillSecondary} text={t('figures.pending')} />
              </Space>
            </Flex>
          </Card>
          <Card title={t('detail.message')}>
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 150 } }}>
              <Descriptions.Item label={t('field.title')}>{push.push_title}</Descriptions.Item>
              <Descriptions.Item label={t('field.body')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{push.push_body}</Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('field.scope')}>
                <ScopeText push={push} />
              </Descriptions.Item>
              {push.push_scope === PushScope.ListedUsers && (
                <Descriptions.Item label={t('detail.userIds')}>
                  <Flex wrap gap={4}>
                    {push.user_ids.slice(0, SHOWN_IDS).map((u) => (
                      <Tag key={u}>{u}</Tag>
                    ))}
                    {push.user_ids.length > SHOWN_IDS && <Tag>+{push.user_ids.length - SHOWN_IDS}</Tag>}
                  </Flex>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('col.sendAt')}>{push.send_at || t('now')}</Descriptions.Item>
              <Descriptions.Item label={t('detail.extras')}>
                {extras.length === 0 ? (
                  <Typography.Text type="secondary">{t('detail.noExtras')}</Typography.Text>
                ) : (
                  <Flex vertical gap={2}>
                    {extras.map(([k, v]) => (
                      <Typography.Text key={k} code style={{ wordBreak: 'break-all' }}>
                        {k}: {v}
                      </Typography.Text>
                    ))}
                  </Flex>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.created')}>
                {push.created_at} · {t('detail.manager', { id: push.manager_id })}
              </Descriptions.Item>
              <Descriptions.Item label={t('detail.updated')}>{push.updated_at}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('preview')}>
            {push.push_title ? <PhonePreview appName={appId || t('appName')} title={push.push_title} body={push.push_body} /> : <Empty />}
          </Card>
        </Col>
      </Row>
    </>
  );
}
