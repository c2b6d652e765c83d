/**
 * send_at as the API takes it: `YYYY-MM-DD HH:mm:ss`, read by the server in its own zone
 * (APPDESK_TIMEZONE). The picker's wall-clock fields are sent as they are, so what the
 * operator picks is what the server's clock will show when the push goes.
 */
export interface WallClock {
  year(): number;
  month(): number;
  date(): number;
  hour(): number;
  minute(): number;
  second(): number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatSendAt(t: WallClock): string {
  return `${pad(t.year(), 4)}-${pad(t.month() + 1)}-${pad(t.date())} ${pad(t.hour())}:${pad(t.minute())}:${pad(t.second())}`;
}

const SEND_AT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export function isSendAt(text: string): boolean {
  return SEND_AT.test(text);
}
