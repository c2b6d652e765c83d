/**
 * How the push shows on a phone's lock screen: an iOS-like banner (title on one line, up to
 * four lines of body) and an Android-like collapsed card (one line each), cut as phones cut
 * them (preview-text.ts). Drawn with the theme's tokens, so it reads in both themes.
 */
import { AndroidFilled, AppleFilled } from '@ant-design/icons';
import { Flex, theme, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ANDROID, IOS, previewText } from './preview-text.ts';

interface Props {
  appName: string;
  title: string;
  body: string;
}

function Icon({ round }: { round: boolean }) {
  const { token } = theme.useToken();
  return (
    <span
      aria-hidden
      style={{
        width: round ? 18 : 20,
        height: round ? 18 : 20,
        borderRadius: round ? '50%' : 5,
        background: token.colorPrimary,
        color: token.colorTextLightSolid,
        fontSize: 11,
        fontWeight: 700,
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        flex: 'none',
      }}
    >
      a
    </span>
  );
}

function Screen({ label, icon, children }: { label: string; icon: ReactNode; children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Flex vertical gap={6} style={{ flex: '1 1 260px', minWidth: 0, maxWidth: 340 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {icon} {label}
      </Typography.Text>
      <div
        style={{
          borderRadius: 24,
          padding: '28px 10px 36px',
          background: `linear-gradient(165deg, ${token.colorPrimaryBg}, ${token.colorFillSecondary})`,
          border: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        {children}
      </div>
    </Flex>
  );
}

export function PhonePreview({ appName, title, body }: Props) {
  const { t } = useTranslation('push');
  const { token } = theme.useToken();
  const shownTitle = title.trim() === '' ? t('previewTitle') : title;
  const shownBody = body.trim() === '' ? t('previewBody') : body;
  const ios = previewText(shownTitle, shownBody, IOS);
  const android = previewText(shownTitle, shownBody, ANDROID);
  const card = {
    background: token.colorBgElevated,
    boxShadow: token.boxShadowTertiary,
    color: token.colorText,
    fontSize: 13,
    lineHeight: 1.35,
  };
  const line = { whiteSpace: 'pre' as const, overflow: 'hidden' };
  return (
    <Flex gap={16} wrap justify="center" data-testid="phone-preview">
      <Screen label="iOS" icon={<AppleFilled />}>
        <div data-testid="preview-ios" style={{ ...card, borderRadius: 16, padding: '10px 12px' }}>
          <Flex align="center" gap={8} style={{ marginBottom: 4 }}>
            <Icon round={false} />
            <span style={{ flex: 1, color: token.colorTextSecondary, textTransform: 'uppercase', fontSize: 11, letterSpacing: 0.3 }}>
              {appName}
            </span>
            <span style={{ color: token.colorTextTertiary, fontSize: 11 }}>{t('nowShort')}</span>
          </Flex>
          <div style={{ ...line, fontWeight: 600 }} data-testid="preview-ios-title">
            {ios.title}
          </div>
          {ios.body.map((l, i) => (
            <div key={i} style={line} data-testid="preview-ios-line">
              {l}
            </div>
          ))}
        </div>
      </Screen>
      <Screen label="Android" icon={<AndroidFilled />}>
        <div data-testid="preview-android" style={{ ...card, borderRadius: 20, padding: '12px 14px' }}>
          <Flex align="center" gap={6} style={{ marginBottom: 6, fontSize: 11, color: token.colorTextSecondary }}>
            <Icon round />
            <span>{appName}</span>
            <span>·</span>
            <span>{t('nowShort')}</span>
          </Flex>
          <div style={{ ...line, fontWeight: 600 }} data-testid="preview-android-title">
            {android.title}
          </div>
          {android.body.map((l, i) => (
            <div key={i} style={{ ...line, color: token.colorTextSecondary }} data-testid="preview-android-line">
              {l}
            </div>
          ))}
        </div>
      </Screen>
    </Flex>
  );
}
