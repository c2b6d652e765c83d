/**
 * /push/new: title, body, audience, schedule and extras, with a live preview of how the
 * push shows on a phone; sending asks once, then opens the push to follow its delivery.
 */
import { ArrowLeftOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../auth/session-context.tsx';
import { registerMessages } from '../../i18n/index.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { BLANK_PUSH, composeBody, PUSH_LIMITS, type ComposeValues } from './compose-form.ts';
import { PushScope, SCOPES } from './delivery.ts';
import { ExtrasEditor } from './extras-editor.tsx';
import { messages } from './messages.ts';
import { PhonePreview } from './phone-preview.tsx';
import { MAX_USER_IDS, splitTags } from './user-ids.ts';
import { useCreatePush } from './use-push.ts';

registerMessages('push', messages);

const SEND_AT_FORMAT = 'YYYY-MM-DD HH:mm:ss';

export default function PushComposePage() {
  const { t } = useTranslation('push');
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const { appId } = useSession();
  const [form] = Form.useForm<ComposeValues>();
  const values = (Form.useWatch([], form) as ComposeValues | undefined) ?? BLANK_PUSH;
  const create = useCreatePush();

  const max = (n: number): Rule => ({ max: n, message: t('rule.max', { max: n }) });
  const notBlank: Rule = {
    validator: (_, v?: string) => (v && v.trim() === '' ? Promise.reject(new Error(t('rule.blank'))) : Promise.resolve()),
  };
  const userIdsRule: Rule = {
    validator: async (_, tags?: string[]) => {
      const { ids, invalid } = splitTags(tags ?? []);
      if (invalid.length > 0) throw new Error(t('rule.userIds', { ids: invalid.slice(0, 5).join(', ') }));
      if (ids.length === 0) throw new Error(t('rule.userIdsRequired'));
      if (ids.length > MAX_USER_IDS) throw new Error(t('rule.userIdsMax', { max: MAX_USER_IDS }));
    },
  };

  function audience(v: ComposeValues): string {
    return v.push_scope === PushScope.ListedUsers
      ? t('scopeCount', { count: splitTags(v.user_ids ?? []).ids.length })
      : t(`scope.${v.push_scope}`);
  }

  function submit(v: ComposeValues) {
    const body = composeBody(v);
    const text = { title: body.push_title, audience: audience(v), at: body.send_at };
    modal.confirm({
      title: body.send_at ? t('scheduleConfirm', text) : t('sendConfirm', text),
      okText: body.send_at ? t('schedule') : t('send'),
      cancelText: t('common:action.cancel'),
      onOk: async () => {
        const created = await create.mutateAsync(body).catch(() => null);
        if (created) void navigate(`/push/${created.id}`);
      },
    });
  }

  const scheduled = values.when === 'later';
  return (
    <Form<ComposeValues>
      form={form}
      layout="vertical"
      initialValues={BLANK_PUSH}
      onFinish={submit}
      requiredMark="optional"
      data-testid="push-form"
    >
      <PageHeader
        title={t('composeTitle')}
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/push')}>
              {t('common:action.back')}
            </Button>
            <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={create.isPending} data-testid="push-submit">
              {scheduled ? t('schedule') : t('send')}
            </Button>
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card>
            <Form.Item
              name="push_title"
              label={t('field.title')}
              rules={[{ required: true, message: t('rule.required') }, max(PUSH_LIMITS.title), notBlank]}
            >
              <Input maxLength={PUSH_LIMITS.title} showCount />
            </Form.Item>
            <Form.Item name="push_body" label={t('field.body')} rules={[max(PUSH_LIMITS.body)]}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={PUSH_LIMITS.body} showCount />
            </Form.Item>
            <Form.Item name="push_scope" label={t('field.scope')}>
              <Radio.Group optionType="button" options={SCOPES.map((s) => ({ value: s, label: t(`scope.${s}`) }))} />
            </Form.Item>
            {values.push_scope === PushScope.ListedUsers && (
              <Form.Item name="user_ids" label={t('field.userIds')} extra={t('field.userIdsHint')} rules={[userIdsRule]} required>
                <Select
                  mode="tags"
                  open={false}
                  tokenSeparators={[',', ' ', '，', '\n']}
                  suffixIcon={null}
                  aria-label={t('field.userIds')}
                />
              </Form.Item>
            )}
            <Form.Item label={t('field.schedule')} required={false} style={{ marginBottom: scheduled ? 8 : undefined }}>
              <Space wrap>
                <Form.Item name="when" noStyle>
                  <Radio.Group
                    options={[
                      { value: 'now', label: t('field.sendNow') },
                      { value: 'later', label: t('field.sendLater') },
                    ]}
                  />
                </Form.Item>
                {scheduled && (
                  <Form.Item name="send_at" noStyle rules={[{ required: true, message: t('rule.required') }]}>
                    <DatePicker
                      showTime
                      format={SEND_AT_FORMAT}
                      aria-label={t('field.sendAt')}
                      disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
                    />
                  </Form.Item>
                )}
              </Space>
            </Form.Item>
            {scheduled && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('field.sendAtHint')}
              </Typography.Paragraph>
            )}
            <Form.Item label={t('field.extras')} tooltip={t('field.extrasHint')} style={{ marginBottom: 0 }}>
              <ExtrasEditor rows={values.extras} />
            </Form.Item>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            title={t('preview')}
            extra={<Typography.Text type="secondary">{t('previewHint')}</Typography.Text>}
            style={{ position: 'sticky', top: 16 }}
          >
            <PhonePreview appName={appId || t('appName')} title={values.push_title ?? ''} body={values.push_body ?? ''} />
          </Card>
        </Col>
      </Row>
    </Form>
  );
}
