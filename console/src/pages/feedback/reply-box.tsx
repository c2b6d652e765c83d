/** The reply box under a conversation: validates like the server, Ctrl/⌘+Enter sends. */
import { SendOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Typography, type GetRef } from 'antd';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { isSendKey } from './shortcuts.ts';

export type TextAreaRef = GetRef<typeof Input.TextArea>;

/** The server's limit on reply_content (characters, after trimming). */
export const REPLY_MAX = 5000;

export function ReplyBox({
  inputRef,
  sending,
  closed,
  onSend,
}: {
  inputRef: Ref<TextAreaRef>;
  sending: boolean;
  closed: boolean;
  onSend: (text: string) => Promise<unknown>;
}) {
  const { t } = useTranslation('feedback');
  const [form] = Form.useForm<{ reply: string }>();

  async function submit() {
    const { reply } = await form.validateFields().catch(() => ({ reply: null }));
    if (reply === null || sending) return;
    try {
      await onSend(reply.trim());
      form.resetFields();
    } catch {
      // The mutation already showed the server's message; the text stays for another try.
    }
  }

  return (
    <Form form={form} layout="vertical" className="inbox__reply" onFinish={() => void submit()} data-testid="reply-form">
      <Form.Item
        name="reply"
        label={t('reply.label')}
        colon={false}
        className="inbox__reply-item"
        extra={closed ? t('reply.closedHint') : undefined}
        rules={[
          {
            validator: async (_, v: string | undefined) =>
              (v ?? '').trim() === '' ? Promise.reject(new Error(t('reply.required'))) : undefined,
          },
          {
            validator: async (_, v: string | undefined) =>
              Array.from((v ?? '').trim()).length > REPLY_MAX
                ? Promise.reject(new Error(t('reply.tooLong', { max: REPLY_MAX })))
                : undefined,
          },
        ]}
      >
        <Input.TextArea
          ref={inputRef}
          placeholder={t('reply.placeholder')}
          autoSize={{ minRows: 3, maxRows: 10 }}
          showCount
          maxLength={REPLY_MAX}
          onKeyDown={(e) => {
            if (isSendKey(e)) {
              e.preventDefault();
              void submit();
            }
          }}
        />
      </Form.Item>
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary" className="inbox__reply-hint">
          <Typography.Text keyboard>Ctrl</Typography.Text>/<Typography.Text keyboard>⌘</Typography.Text>+
          <Typography.Text keyboard>Enter</Typography.Text>
        </Typography.Text>
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={sending}>
          {t('reply.send')}
        </Button>
      </Flex>
    </Form>
  );
}
