/** The console's languages, and the one a browser asks for first. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

const KEY = 'appdesk.console.language';

/** The stored choice, else the first browser language we speak, else English. */
export function pickLanguage(stored: string | null, browser: readonly string[]): Language {
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  for (const tag of browser) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function initialLanguage(): Language {
  return pickLanguage(localStorage.getItem(KEY), navigator.languages ?? [navigator.language]);
}

export function storeLanguage(lang: Language): void {
  localStorage.setItem(KEY, lang);
}
