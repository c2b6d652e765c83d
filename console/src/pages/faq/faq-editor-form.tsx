/** The article form: metadata on top, then Markdown and its live preview side by side. */
import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Space, Switch, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client.ts';
import { useAppMutation } from '../../shared/app-query.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { useUnsavedGuard } from '../../shared/use-unsaved-guard.ts';
import { FAQ_LIMITS, faqBody, isDirty, isHttpUrlOrEmpty, type FaqFormValues } from './faq-form.ts';
import { MarkdownPreview } from './markdown-preview.tsx';
import { useFaqCategories, useUpdateFaq } from './use-faq.ts';

export function FaqEditorForm({ id, initial }: { id: number | null; initial: FaqFormValues }) {
  const { t } = useTranslation('faq');
  const navigate = useNavigate();
  const [form] = Form.useForm<FaqFormValues>();
  const [saved, setSaved] = useState(initial);
  const values = (Form.useWatch([], form) as FaqFormValues | undefined) ?? saved;
  const dirty = isDirty(saved, values);
  const categories = useFaqCategories();
  const leave = useUnsavedGuard(dirty, {
    title: t('unsavedTitle'),
    content: t('unsavedBody'),
    okText: t('leave'),
    cancelText: t('stay'),
  });
  const create = useAppMutation((body: ReturnType<typeof faqBody>) => call(api.POST('/admin/api/faq', { body })), ['faq'], 'faq:created');
  const update = useUpdateFaq();

  const max = (n: number): Rule => ({ max: n, message: t('rule.max', { max: n }) });
  const notBlank: Rule = {
    validator: (_, v?: string) => (v && v.trim() === '' ? Promise.reject(new Error(t('rule.blank'))) : Promise.resolve()),
  };

  async function save(v: FaqFormValues) {
    const body = faqBody(v);
    if (id === null) {
      const row = await create.mutateAsync(body);
      setSaved(v);
      leave(() => void navigate(`/faq/${row.id}`, { replace: true }));
    } else {
      await update.mutateAsync({ id, body });
      setSaved(v);
    }
  }

  return (
    <Form<FaqFormValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(v) => void save(v).catch(() => undefined)}
      requiredMark="optional"
      data-testid="faq-form"
    >
      <PageHeader
        title={id === null ? t('newArticle') : t('editArticle')}
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/faq')}>
              {t('common:action.back')}
            </Button>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={create.isPending || update.isPending}>
              {t('common:action.save')}
            </Button>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} lg={16}>
            <Form.Item
              name="title"
              label={t('field.title')}
              rules={[{ required: true, message: t('rule.required') }, max(FAQ_LIMITS.title), notBlank]}
            >
              <Input maxLength={FAQ_LIMITS.title} showCount />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="category" label={t('field.category')} tooltip={t('field.categoryHint')} rules={[max(FAQ_LIMITS.category)]}>
              <AutoComplete
                options={(categories.data ?? []).map((c) => ({ value: c }))}
                filterOption={(input, option) =>
                  String(option?.value ?? '')
                    .toLowerCase()
                    .includes(input.toLowerCase())
                }
                maxLength={FAQ_LIMITS.category}
                allowClear
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={16}>
            <Form.Item
              name="external_link"
              label={t('field.externalLink')}
              extra={t('field.externalLinkHint')}
              rules={[
                max(FAQ_LIMITS.externalLink),
                {
                  validator: (_, v?: string) => (isHttpUrlOrEmpty(v ?? '') ? Promise.resolve() : Promise.reject(new Error(t('rule.url')))),
                },
              ]}
            >
              <Input placeholder="https://" maxLength={FAQ_LIMITS.externalLink} />
            </Form.Item>
          </Col>
          <Col xs={12} lg={4}>
            <Form.Item name="sort" label={t('field.sort')} tooltip={t('field.sortHint')}>
              <InputNumber min={FAQ_LIMITS.sortMin} max={FAQ_LIMITS.sortMax} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} lg={4}>
            <Form.Item name="is_published" label={t('field.published')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Form.Item
              name="content"
              label={t('field.content')}
              rules={[{ required: true, message: t('rule.required') }, max(FAQ_LIMITS.content), notBlank]}
              style={{ marginBottom: 4 }}
            >
              <Input.TextArea
                autoSize={{ minRows: 20, maxRows: 30 }}
                maxLength={FAQ_LIMITS.content}
                spellCheck
                style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
              />
            </Form.Item>
            <Flex justify="space-between" gap={12}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('markdownHelp')}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {t('chars', { count: (values.content ?? '').length, max: FAQ_LIMITS.content })}
              </Typography.Text>
            </Flex>
          </Col>
          <Col xs={24} xl={12}>
            <Typography.Text style={{ display: 'block', paddingBottom: 8 }}>{t('preview')}</Typography.Text>
            <MarkdownPreview source={values.content ?? ''} emptyText={t('previewEmpty')} />
          </Col>
        </Row>
      </Card>
    </Form>
  );
}
