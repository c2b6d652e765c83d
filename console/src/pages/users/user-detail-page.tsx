/**
 * One user: profile, enable/disable (a disabled user's tokens stop working at once), push
 * devices, live sessions with "sign out everywhere", and their feedback.
 */
import { ArrowLeftOutlined, StopOutlined, CheckCircleOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Card, Col, Descriptions, Popconfirm, Result, Row, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { useAppMutation, useAppQuery } from '../../shared/app-query.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { messages } from './messages.ts';
import { UserDevices } from './user-devices.tsx';
import { UserFeedback } from './user-feedback.tsx';
import { UserSessions } from './user-sessions.tsx';
import { UserStatusTag } from './user-status-tag.tsx';

registerMessages('users', messages);

const dash = (v: string) => v || '—';

export default function UserDetailPage() {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const id = useParams().id ?? '';
  const user = useAppQuery(['users', id], () => call(api.GET('/admin/api/users/{id}', { params: { path: { id } } })));
  const setActive = useAppMutation(
    (is_active: boolean) => call(api.PUT('/admin/api/users/{id}', { params: { path: { id } }, body: { is_active } })),
    ['users', 'audit'],
    '',
  );

  if (user.error) return <Result status="warning" title={t('notFound')} subTitle={user.error.message} />;
  if (!user.data) return <Skeleton active />;
  const u = user.data;

  return (
    <>
      <PageHeader
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={tc('action.back')} onClick={() => void navigate(-1)} />
            <Avatar src={u.avatar || undefined} icon={<UserOutlined />} />
            {u.nickname || u.username || `#${u.id}`}
            <UserStatusTag active={u.is_active} />
          </Space>
        }
        extra={
          <Popconfirm
            title={u.is_active ? t('disable') : t('enable')}
            description={u.is_active ? t('disableConfirm') : t('enableConfirm')}
            onConfirm={() =>
              setActive.mutate(!u.is_active, {
                onSuccess: (next) => void message.success(next.is_active ? t('enabledDone') : t('disabledDone')),
              })
            }
            okText={tc('action.yes')}
            cancelText={tc('action.no')}
            okButtonProps={{ danger: u.is_active }}
          >
            <Button
              danger={u.is_active}
              icon={u.is_active ? <StopOutlined /> : <CheckCircleOutlined />}
              loading={setActive.isPending}
              data-testid="toggle-user"
            >
              {u.is_active ? t('disable') : t('enable')}
            </Button>
          </Popconfirm>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('profile')} data-testid="user-profile">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('id')}>{u.id}</Descriptions.Item>
              <Descriptions.Item label={t('phone')}>{u.phone ? `${u.area ? `+${u.area} ` : ''}${u.phone}` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('email')}>{dash(u.email)}</Descriptions.Item>
              <Descriptions.Item label={t('username')}>{dash(u.username)}</Descriptions.Item>
              <Descriptions.Item label={t('nickname')}>{dash(u.nickname)}</Descriptions.Item>
              <Descriptions.Item label={t('gender')}>{t(`genders.${u.gender}`, { defaultValue: String(u.gender) })}</Descriptions.Item>
              <Descriptions.Item label={t('birthday')}>{dash(u.birthday)}</Descriptions.Item>
              <Descriptions.Item label={t('address')}>{dash(u.address)}</Descriptions.Item>
              {u.openid && <Descriptions.Item label={t('openid')}>{u.openid}</Descriptions.Item>}
              <Descriptions.Item label={t('createdAt')}>{u.created_at}</Descriptions.Item>
              <Descriptions.Item label={t('updatedAt')}>{u.updated_at}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <UserDevices userId={id} />
            <UserSessions userId={id} />
          </Space>
        </Col>
        <Col span={24}>
          <UserFeedback userId={id} />
        </Col>
      </Row>
    </>
  );
}
