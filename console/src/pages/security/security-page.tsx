/**
 * The signed-in manager's own second factor: set up (a pending secret shown as a QR code
 * and as text), turn on with a code, turn off with a code. The secret lives only in this
 * page's state until the operator leaves it.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, QRCode, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { useAppMutation } from '../../shared/app-query.ts';
import { errorText } from '../../shared/error-text.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { useMe } from '../../shell/use-me.ts';
import { messages } from './messages.ts';

registerMessages('security', messages);

interface Setup {
  secret: string;
  otpauth_url: string;
}

function CodeForm({ label, busy, onCode, testId }: { label: string; busy: boolean; onCode: (code: string) => void; testId: string }) {
  const { t } = useTranslation('security');
  return (
    <Form layout="inline" onFinish={(v: { code: string }) => onCode(v.code)} data-testid={testId}>
      <Form.Item
        name="code"
        label={t('code')}
        rules={[
          { required: true, message: t('required') },
          { pattern: /^\d{6}$/, message: t('codeFormat') },
        ]}
      >
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {label}
        </Button>
      </Form.Item>
    </Form>
  );
}

export default function SecurityPage() {
  const { t } = useTranslation('security');
  const me = useMe();
  const queries = useQueryClient();
  const [setup, setSetup] = useState<Setup | null>(null);
  const refreshMe = () => queries.invalidateQueries({ queryKey: ['me'] });
  const begin = useAppMutation(() => call(api.POST('/admin/api/me/totp')), [], '');
  const enable = useAppMutation((code: string) => call(api.POST('/admin/api/me/totp/enable', { body: { code } })), [], 'security:enabled');
  const disable = useAppMutation((code: string) => call(api.DELETE('/admin/api/me/totp', { body: { code } })), [], 'security:disabled');
  const on = me.data?.totp_enabled === true;

  return (
    <>
      <PageHeader title={t('title')} />
      <Card
        title={
          <Space>
            <SafetyCertificateOutlined />
            {t('totpTitle')}
            {me.data && (on ? <Tag color="green">{t('on')}</Tag> : <Tag>{t('off')}</Tag>)}
          </Space>
        }
        loading={me.isLoading}
        style={{ maxWidth: 880 }}
        data-testid="totp-card"
      >
        <Typography.Paragraph data-testid="totp-status">{on ? t('statusOn') : t('statusOff')}</Typography.Paragraph>
        {on && (
          <>
            <Typography.Title level={5}>{t('disableTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('disableHint')}</Typography.Paragraph>
            <CodeForm
              label={t('disable')}
              busy={disable.isPending}
              testId="totp-disable"
              onCode={(code) => disable.mutate(code, { onSuccess: () => void refreshMe() })}
            />
          </>
        )}
        {!on && !setup && (
          <Button
            type="primary"
            loading={begin.isPending}
            onClick={() => begin.mutate(undefined, { onSuccess: setSetup })}
            data-testid="totp-setup"
          >
            {t('setUp')}
          </Button>
        )}
        {!on && setup && (
          <Row gutter={[24, 16]} align="top">
            <Col flex="none">
              <QRCode value={setup.otpauth_url} size={184} bordered data-testid="totp-qr" />
            </Col>
            <Col flex="auto" style={{ minWidth: 0 }}>
              <Typography.Paragraph>{t('step1')}</Typography.Paragraph>
              <Typography.Paragraph>
                <Typography.Text type="secondary">{t('secret')}: </Typography.Text>
                <Typography.Text code copyable data-testid="totp-secret">
                  {setup.secret}
                </Typography.Text>
              </Typography.Paragraph>
              <Typography.Paragraph
                ellipsis={{ rows: 2 }}
                copyable={{ text: setup.otpauth_url }}
                type="secondary"
                style={{ wordBreak: 'break-all' }}
              >
                {t('url')}: {setup.otpauth_url}
              </Typography.Paragraph>
              <Typography.Paragraph>{t('step2')}</Typography.Paragraph>
              <Space wrap align="start">
                <CodeForm
                  label={t('enable')}
                  busy={enable.isPending}
                  testId="totp-enable"
                  onCode={(code) =>
                    enable.mutate(code, {
                      onSuccess: () => {
                        setSetup(null);
                        void refreshMe();
                      },
                    })
                  }
                />
                <Button onClick={() => setSetup(null)}>{t('cancel')}</Button>
              </Space>
            </Col>
          </Row>
        )}
        {(enable.error || disable.error) && (
          <Alert
            type="error"
            showIcon
            title={errorText(enable.error ?? disable.error)}
            style={{ marginTop: 16 }}
            data-testid="totp-error"
          />
        )}
      </Card>
    </>
  );
}
