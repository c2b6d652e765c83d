/**
 * i18next with one namespace per area: `common` ships with the entry, and each page
 * registers its own strings when its chunk loads (`registerMessages`), so a page's words
 * travel with its code.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common.ts';
import { initialLanguage, type Language } from './languages.ts';

export type Messages = Record<Language, Record<string, unknown>>;

void i18n.use(initReactI18next).init({
  lng: initialLanguage(),
  fallbackLng: 'en',
  defaultNS: 'common',
  ns: ['common'],
  resources: { en: { common: common.en }, 'zh-CN': { common: common['zh-CN'] } },
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function registerMessages(ns: string, messages: Messages): void {
  for (const [lang, res] of Object.entries(messages)) {
    if (!i18n.hasResourceBundle(lang, ns)) i18n.addResourceBundle(lang, ns, res, true, false);
  }
}

export default i18n;
