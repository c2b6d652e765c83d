/**
 * The inbox's right pane: the user's feedback, then every reply in order, the status switch
 * and the reply box.
 */
import { ArrowLeftOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Avatar, Button, Descriptions, Flex, Result, Segmented, Skeleton, Tag, theme, Typography } from 'antd';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, AppdeskError, call, type ApiData } from '../../api/client.ts';
import { useSession } from '../../auth/session-context.tsx';
import { useAppMutation, useAppQuery } from '../../shared/app-query.ts';
import { categoryLabel, STATUS, STATUSES, statusLook } from './feedback-format.ts';
import { ReplyBox, type TextAreaRef } from './reply-box.tsx';

type Detail = ApiData<'/admin/api/feedback/{id}', 'get'>;
type Reply = Detail['replies'][number];

/** The contract's code for an unknown row. */
const NOT_FOUND = 10001;

export function Conversation({
  id,
  categories,
  replyRef,
  onBack,
}: {
  id: number;
  categories: ReadonlyMap<number, string>;
  replyRef: Ref<TextAreaRef>;
  onBack?: (() => void) | undefined;
}) {
  const { t } = useTranslation('feedback');
  const { token } = theme.useToken();
  const path = { id: String(id) };
  const detail = useAppQuery(['feedback', 'detail', id], () => call(api.GET('/admin/api/feedback/{id}', { params: { path } })));
  const reply = useAppMutation(
    (text: string) => call(api.POST('/admin/api/feedback/{id}/reply', { params: { path }, body: { reply_content: text } })),
    ['feedback'],
    'feedback:reply.sent',
  );
  const setStatus = useAppMutation(
    (status: number) => call(api.PUT('/admin/api/feedback/{id}', { params: { path }, body: { feedback_status: status as 0 | 1 | 2 } })),
    ['feedback'],
    'feedback:statusChanged',
  );

  const back = onBack && (
    <Button icon={<ArrowLeftOutlined />} onClick={onBack} className="inbox__back">
      {t('conversation.back')}
    </Button>
  );

  if (detail.isPending) {
    return (
      <div className="inbox__conversation-body">
        {back}
        <Skeleton active avatar paragraph={{ rows: 4 }} />
      </div>
    );
  }
  if (detail.isError) {
    const gone = detail.error instanceof AppdeskError && detail.error.code === NOT_FOUND;
    return (
      <div className="inbox__conversation-body">
        {back}
        {gone ? (
          <Result status="404" subTitle={t('conversation.notFound')} />
        ) : (
          <Alert type="error" showIcon title={t('shell.loadFailed', { ns: 'common', message: detail.error.message })} />
        )}
      </div>
    );
  }

  const fb = detail.data;
  const category = categoryLabel(fb.feedback_category_id, categories);
  return (
    <Flex vertical className="inbox__conversation-body" data-testid="conversation">
      <Flex justify="space-between" align="center" wrap gap={12} className="inbox__conversation-head">
        <Flex align="center" gap={12} wrap>
          {back}
          <Typography.Title level={4} style={{ margin: 0 }}>
            #{fb.id}
          </Typography.Title>
          <Tag color={statusLook(fb.feedback_status).color} variant="filled" data-testid="conversation-status">
            {t(statusLook(fb.feedback_status).key)}
          </Tag>
        </Flex>
        <Segmented<number>
          aria-label={t('conversation.statusLabel')}
          data-testid="status-switch"
          value={fb.feedback_status}
          disabled={setStatus.isPending}
          onChange={(v) => setStatus.mutate(v)}
          options={STATUSES.map((s) => ({ value: s, label: t(statusLook(s).key) }))}
        />
      </Flex>

      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
        className="inbox__facts"
        items={[
          { key: 'user', label: t('user.label'), children: <UserLink userId={fb.user_id} /> },
          {
            key: 'contact',
            label: t('conversation.contact'),
            children: fb.contact_phone || <Typography.Text type="secondary">{t('conversation.noContact')}</Typography.Text>,
          },
          {
            key: 'category',
            label: t('conversation.category'),
            children:
              category.kind === 'named'
                ? category.name
                : category.kind === 'none'
                  ? t('category.none')
                  : t('category.deleted', { id: category.id }),
          },
        ]}
      />

      <div className="inbox__thread" data-testid="thread">
        <Bubble
          side="user"
          author={<UserName userId={fb.user_id} />}
          time={fb.created_at}
          text={fb.feedback_content}
          background={token.colorFillTertiary}
        />
        {fb.replies.length === 0 ? (
          <Typography.Text type="secondary" className="inbox__no-replies">
            {t('conversation.noReplies')}
          </Typography.Text>
        ) : (
          fb.replies.map((r) => <ReplyBubble key={r.id} reply={r} background={token.colorPrimaryBg} />)
        )}
      </div>

      <ReplyBox
        inputRef={replyRef}
        sending={reply.isPending}
        closed={fb.feedback_status === STATUS.closed}
        onSend={(text) => reply.mutateAsync(text)}
      />
    </Flex>
  );
}

function Bubble({
  side,
  author,
  time,
  text,
  background,
  footer,
}: {
  side: 'user' | 'operator';
  author: React.ReactNode;
  time: string;
  text: string;
  background: string;
  footer?: React.ReactNode;
}) {
  return (
    <div className={`inbox__bubble inbox__bubble--${side}`} data-testid={`bubble-${side}`}>
      <Flex gap={8} align="baseline" wrap className="inbox__bubble-meta">
        <Typography.Text strong>{author}</Typography.Text>
        <Typography.Text type="secondary">{time}</Typography.Text>
        {footer}
      </Flex>
      <div className="inbox__bubble-text" style={{ background }}>
        {text}
      </div>
    </div>
  );
}

function ReplyBubble({ reply, background }: { reply: Reply; background: string }) {
  const { t } = useTranslation('feedback');
  const { session } = useSession();
  const mine = session?.manager.id === reply.manager_id;
  return (
    <Bubble
      side="operator"
      author={mine ? t('conversation.you') : t('conversation.operator', { id: reply.manager_id })}
      time={reply.created_at}
      text={reply.reply_content}
      background={background}
      footer={
        <Typography.Text type={reply.is_read ? 'success' : 'secondary'} className="inbox__read">
          {t(reply.is_read ? 'conversation.read' : 'conversation.unread')}
        </Typography.Text>
      }
    />
  );
}

type User = ApiData<'/admin/api/users/{id}', 'get'>;

function useUser(userId: number | null) {
  return useAppQuery(
    ['users', 'detail', userId],
    () => call(api.GET('/admin/api/users/{id}', { params: { path: { id: String(userId) } } })),
    { enabled: userId !== null, staleTime: 60_000 },
  );
}

function displayName(u: User): string {
  return u.nickname || u.username || u.phone || u.email || `#${u.id}`;
}

function UserName({ userId }: { userId: number | null }) {
  const { t } = useTranslation('feedback');
  const user = useUser(userId);
  if (userId === null) return <>{t('user.deleted')}</>;
  return <>{user.data ? displayName(user.data) : t('user.id', { id: userId })}</>;
}

/** The author with a link to their page; an erased account is only named as such. */
function UserLink({ userId }: { userId: number | null }) {
  const { t } = useTranslation('feedback');
  const user = useUser(userId);
  if (userId === null) {
    return (
      <Flex gap={6} align="center">
        <Avatar size="small" icon={<UserOutlined />} />
        <Typography.Text type="secondary" data-testid="user-deleted">
          {t('user.deleted')}
        </Typography.Text>
      </Flex>
    );
  }
  return (
    <Flex gap={6} align="center">
      <Avatar size="small" icon={<UserOutlined />} />
      <Link to={`/users/${userId}`} data-testid="user-link">
        {user.data ? displayName(user.data) : t('user.id', { id: userId })}
      </Link>
      {user.data && (user.data.phone || user.data.email) && displayName(user.data) !== (user.data.phone || user.data.email) && (
        <Typography.Text type="secondary">{user.data.phone || user.data.email}</Typography.Text>
      )}
    </Flex>
  );
}
