/** The language and theme switches, on the sign-in page and in the console's header. */
import { BgColorsOutlined, TranslationOutlined } from '@ant-design/icons';
import { Segmented, Select, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/languages.ts';
import { usePreferences } from '../shell/preferences.tsx';
import type { ThemeMode } from '../theme/theme-mode.ts';

export function ShellControls() {
  const { t } = useTranslation();
  const { language, setLanguage, themeMode, setThemeMode } = usePreferences();
  return (
    <Space wrap>
      <Tooltip title={t('shell.language')}>
        <Select<Language>
          data-testid="language-switch"
          aria-label={t('shell.language')}
          value={language}
          onChange={setLanguage}
          suffixIcon={<TranslationOutlined />}
          style={{ width: 120 }}
          options={[
            { value: 'en', label: 'English' },
            { value: 'zh-CN', label: '简体中文' },
          ]}
        />
      </Tooltip>
      <Segmented<ThemeMode>
        data-testid="theme-switch"
        aria-label={t('shell.theme')}
        value={themeMode}
        onChange={setThemeMode}
        options={[
          { value: 'system', label: t('shell.themeSystem'), icon: <BgColorsOutlined /> },
          { value: 'light', label: t('shell.themeLight') },
          { value: 'dark', label: t('shell.themeDark') },
        ]}
      />
    </Space>
  );
}
