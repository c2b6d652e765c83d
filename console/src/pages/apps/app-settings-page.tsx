/**
 * One app's settings (super only): name, push providers per platform with their
 * credentials, the SMS provider with its keys, and who manages the app. Secrets come as the
 * server's mask and go back as it unless the operator types a new one.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Input, Result, Row, Select, Skeleton, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { useAppMutation, useAppQuery } from '../../shared/app-query.ts';
import { errorText } from '../../shared/error-text.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { AppManagers } from './app-managers.tsx';
import { messages } from './messages.ts';
import { PUSH_FIELDS, PUSH_PROVIDERS, SMS_FIELDS, SMS_PROVIDERS, type FieldSpec } from './provider-fields.ts';
import { ProviderSection } from './provider-section.tsx';
import { pushConfigFrom, sectionsInUse, smsConfigFrom, toFormValues, type SettingsFormValues } from './settings-form.ts';

registerMessages('apps', messages);

export default function AppSettingsPage() {
  const { t } = useTranslation('apps');
  const param = useParams().appId ?? '_default';
  const appId = param === '_default' ? '' : param;
  const [form] = Form.useForm<SettingsFormValues>();
  const app = useAppQuery(['apps', 'one', param], () => call(api.GET('/admin/api/apps/{app_id}', { params: { path: { app_id: param } } })));
  const save = useAppMutation(
    (body: { name: string; push_config: Record<string, unknown>; sms_config: Record<string, unknown> }) =>
      // The typed body is the server's union of provider shapes; the form built one of them.
      call(api.PUT('/admin/api/apps/{app_id}', { params: { path: { app_id: param } }, body: body as never })),
    ['apps'],
  );
  const android = Form.useWatch('android_provider', form) ?? '';
  const ios = Form.useWatch('ios_provider', form) ?? '';
  const smsProvider = Form.useWatch('sms_provider', form) ?? '';

  useEffect(() => {
    if (app.data) form.setFieldsValue(toFormValues(app.data));
  }, [app.data, form]);

  if (app.error) return <Result status="warning" title={t('notFound')} subTitle={app.error.message} />;
  if (!app.data) return <Skeleton active />;

  const pushOptions = [{ value: '', label: t('none') }, ...PUSH_PROVIDERS.map((p) => ({ value: p, label: p }))];
  const smsOptions = [{ value: '', label: t('envDefault') }, ...SMS_PROVIDERS.map((p) => ({ value: p, label: p }))];
  const smsFields = (SMS_FIELDS as Record<string, Record<string, FieldSpec>>)[smsProvider] ?? {};

  function submit() {
    // onFinish's values hold only the fields on screen; the hidden sections are needed too.
    const values = form.getFieldsValue(true) as SettingsFormValues;
    const stored = app.data!;
    save.mutate({ name: values.name.trim(), push_config: pushConfigFrom(values, stored.push_config), sms_config: smsConfigFrom(values) });
  }

  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/apps" aria-label={t('title')}>
              <ArrowLeftOutlined />
            </Link>
            {app.data.name || t('defaultApp')}
          </Space>
        }
        extra={
          <Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="save-app">
            {t('save')}
          </Button>
        }
      />
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} data-testid="app-error" />}
      <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card title={t('general')}>
                <Form.Item label={t('appId')}>
                  <Input value={appId || t('defaultApp')} disabled />
                </Form.Item>
                <Form.Item
                  name="name"
                  label={t('name')}
                  rules={[
                    { required: true, whitespace: true, message: t('required') },
                    { max: 128, message: t('tooLong', { max: 128 }) },
                  ]}
                >
                  <Input />
                </Form.Item>
              </Card>
              <Card title={t('push')} data-testid="push-settings">
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <Form.Item name="android_provider" label={t('androidProvider')}>
                      <Select options={pushOptions} aria-label={t('androidProvider')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="ios_provider" label={t('iosProvider')}>
                      <Select options={pushOptions} aria-label={t('iosProvider')} />
                    </Form.Item>
                  </Col>
                </Row>
                {(android === 'webhook' || ios === 'webhook') && (
                  <Form.Item
                    name="webhook_url"
                    label={t('webhookUrl')}
                    extra={t('webhookHint')}
                    rules={[
                      { required: true, whitespace: true, message: t('required') },
                      { pattern: /^https?:\/\/\S+$/i, message: t('badUrl') },
                    ]}
                  >
                    <Input spellCheck={false} />
                  </Form.Item>
                )}
                {sectionsInUse(android, ios).map((section) => (
                  <Card key={section} type="inner" size="small" title={t('section', { provider: section })} style={{ marginBottom: 16 }}>
                    <ProviderSection path={['push', section]} fields={PUSH_FIELDS[section]} />
                  </Card>
                ))}
              </Card>
              <Card title={t('sms')} data-testid="sms-settings">
                <Form.Item name="sms_provider" label={t('smsProvider')}>
                  <Select options={smsOptions} aria-label={t('smsProvider')} />
                </Form.Item>
                <ProviderSection key={smsProvider} path={['sms']} fields={smsFields} />
              </Card>
            </Space>
          </Col>
          <Col xs={24} xl={10}>
            <AppManagers appId={appId} />
          </Col>
        </Row>
      </Form>
    </>
  );
}
