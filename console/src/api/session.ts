/**
 * The signed-in manager, kept in localStorage so a reload stays signed in. Expiry is the
 * server's call (10004 on any request): the stored expiry only spares a doomed request.
 */
export interface ManagerSession {
  access_token: string;
  /** When the token stops working, in ms since the epoch (from the answer's expires_in). */
  expires_at_ms: number;
  manager: { id: number; username: string; role: 'super' | 'operator' };
}

const KEY = 'appdesk.console.session';
const APP_KEY = 'appdesk.console.app';

export function loadSession(now = Date.now()): ManagerSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as ManagerSession;
    if (typeof s.access_token !== 'string' || typeof s.expires_at_ms !== 'number') return null;
    if (s.expires_at_ms <= now) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveSession(s: ManagerSession | null): void {
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
}

/** The default app's id is "" (SPEC section 1): it is the one used when none was chosen. */
export function loadAppId(): string {
  return localStorage.getItem(APP_KEY) ?? '';
}

export function saveAppId(appId: string): void {
  localStorage.setItem(APP_KEY, appId);
}
