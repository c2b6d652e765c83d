/**
 * Calendar days in APPDESK_TIMEZONE as epoch-millisecond ranges. A local day is 23, 24 or
 * 25 hours long where the zone observes DST, so days are computed from the zone's rules
 * (luxon), never as multiples of 24 hours.
 */
import { DateTime } from 'luxon';

export interface LocalDay {
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** First millisecond of the day. */
  start: number;
  /** First millisecond of the next day. */
  end: number;
}

/** The `count` days ending with today (in `zone` at `nowMs`), oldest first. */
export function lastLocalDays(zone: string, nowMs: number, count: number): LocalDay[] {
  const today = DateTime.fromMillis(nowMs, { zone }).startOf('day');
  const days: LocalDay[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const day = today.minus({ days: back });
    days.push({ date: day.toFormat('yyyy-MM-dd'), start: day.toMillis(), end: day.plus({ days: 1 }).startOf('day').toMillis() });
  }
  return days;
}
