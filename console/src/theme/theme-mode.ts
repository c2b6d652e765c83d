/** Light, dark, or whatever the system says; the choice is remembered per browser. */
export type ThemeMode = 'system' | 'light' | 'dark';

const KEY = 'appdesk.console.theme';

export function loadThemeMode(): ThemeMode {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function storeThemeMode(mode: ThemeMode): void {
  if (mode === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, mode);
}

export function resolveDark(mode: ThemeMode, systemDark: boolean): boolean {
  return mode === 'system' ? systemDark : mode === 'dark';
}
