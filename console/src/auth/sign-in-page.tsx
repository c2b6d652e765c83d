/** Sign-in: username and password, then the six-digit code when the manager has TOTP on. */
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { AppdeskError, api, call } from '../api/client.ts';
import { ShellControls } from '../layout/shell-controls.tsx';
import { useSession } from './session-context.tsx';
import { safeNextPath } from './next-path.ts';

/** The contract's code for a missing or wrong second factor. */
const TOTP_REQUIRED = 10016;

interface Credentials {
  username: string;
  password: string;
}

export default function SignInPage() {
  const { t } = useTranslation();
  const { session, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNextPath(params.get('next'));

  if (session) return <Navigate to={next} replace />;

  async function attempt(creds: Credentials, totpCode?: string) {
    setBusy(true);
    setError(null);
    try {
      const answer = await call(api.POST('/admin/api/auth/login', { body: { ...creds, ...(totpCode ? { totp_code: totpCode } : {}) } }));
      signIn({
        access_token: answer.access_token,
        expires_at_ms: Date.now() + answer.expires_in * 1000,
        manager: answer.manager,
      });
      void navigate(next, { replace: true });
    } catch (e) {
      if (e instanceof AppdeskError && e.code === TOTP_REQUIRED && !totpCode) {
        setCredentials(creds);
      } else {
        setError(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <div className="sign-in__controls">
        <ShellControls />
      </div>
      <Card className="sign-in__card">
        <Typography.Title level={3} className="sign-in__title">
          <span className="brand-mark">a</span> {t('signIn.title')}
        </Typography.Title>
        {params.get('expired') && !error && <Alert type="info" showIcon title={t('signIn.expired')} className="sign-in__alert" />}
        {error && <Alert type="error" showIcon title={error} className="sign-in__alert" data-testid="sign-in-error" />}
        {credentials ? (
          <Form layout="vertical" onFinish={(v: { totp_code: string }) => void attempt(credentials, v.totp_code)} requiredMark={false}>
            <Typography.Paragraph type="secondary">{t('signIn.totpHint')}</Typography.Paragraph>
            <Form.Item
              name="totp_code"
              label={t('signIn.totpCode')}
              rules={[
                { required: true, message: t('signIn.required') },
                { pattern: /^\d{6}$/, message: t('signIn.totpFormat') },
              ]}
            >
              <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn.verify')}
            </Button>
          </Form>
        ) : (
          <Form layout="vertical" onFinish={(v: Credentials) => void attempt(v)} requiredMark={false}>
            <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, message: t('signIn.required') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.required') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn.submit')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
