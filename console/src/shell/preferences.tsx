/**
 * Language and theme: both follow the browser until the operator picks one, and both are
 * applied through Ant Design's ConfigProvider (its own texts, date pickers and colours).
 */
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setApiLanguage } from '../api/client.ts';
import { storeLanguage, type Language } from '../i18n/languages.ts';
import { loadThemeMode, resolveDark, storeThemeMode, type ThemeMode } from '../theme/theme-mode.ts';

interface Preferences {
  language: Language;
  setLanguage: (lang: Language) => void;
  themeMode: ThemeMode;
  setThemeMode: (mode: ThemeMode) => void;
  dark: boolean;
}

const PreferencesContext = createContext<Preferences | null>(null);

export function usePreferences(): Preferences {
  const p = useContext(PreferencesContext);
  if (!p) throw new Error('usePreferences outside PreferencesProvider');
  return p;
}

function useSystemDark(): boolean {
  const query = '(prefers-color-scheme: dark)';
  const [dark, setDark] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mql = window.matchMedia(query);
    const onChange = (e: MediaQueryListEvent) => setDark(e.matches);
    mql.addEventListener('change', onChange);
    return () => mql.removeEventListener('change', onChange);
  }, []);
  return dark;
}

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language: Language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const [themeMode, setMode] = useState<ThemeMode>(loadThemeMode);
  const systemDark = useSystemDark();
  const dark = resolveDark(themeMode, systemDark);

  useEffect(() => {
    setApiLanguage(language);
    dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
  }, [dark]);

  const value = useMemo<Preferences>(
    () => ({
      language,
      setLanguage: (lang) => {
        storeLanguage(lang);
        void i18n.changeLanguage(lang);
      },
      themeMode,
      setThemeMode: (mode) => {
        storeThemeMode(mode);
        setMode(mode);
      },
      dark,
    }),
    [language, themeMode, dark, i18n],
  );

  return (
    <PreferencesContext.Provider value={value}>
      <ConfigProvider
        locale={language === 'zh-CN' ? zhCN : enUS}
        theme={{ algorithm: dark ? theme.darkAlgorithm : theme.defaultAlgorithm, token: { colorPrimary: '#1677ff' } }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </PreferencesContext.Provider>
  );
}
