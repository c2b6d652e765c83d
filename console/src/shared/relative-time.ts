/**
 * "3 h ago" for the server's timestamps (`YYYY-MM-DD HH:mm:ss` in APPDESK_TIMEZONE, no
 * offset). The console reads them as the browser's local time: operators sit in the zone
 * the server is configured for, and the exact value is shown beside the figure anyway.
 */
export type AgeUnit = 'justNow' | 'minutes' | 'hours' | 'days';

export interface Age {
  unit: AgeUnit;
  count: number;
}

/** Milliseconds since the epoch of a server timestamp read as local time; NaN when malformed. */
export function parseServerTime(stamp: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(stamp);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}

/** How long ago a timestamp was, in the largest whole unit (never negative). */
export function ageOf(stamp: string, nowMs: number): Age | null {
  const at = parseServerTime(stamp);
  if (Number.isNaN(at)) return null;
  const minutes = Math.max(0, Math.floor((nowMs - at) / 60_000));
  if (minutes < 1) return { unit: 'justNow', count: 0 };
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { unit: 'hours', count: hours };
  return { unit: 'days', count: Math.floor(hours / 24) };
}
