/** The daily answer shaped for the charts: short axis labels and the period's totals. */
import type { ApiData } from '../../api/client.ts';

export type Daily = ApiData<'/admin/api/stats/daily', 'get'>;
export type Day = Daily['days'][number];

export const RANGES = [7, 30, 90] as const;
export type Range = (typeof RANGES)[number];

/** "2026-12-01" → "12-01": the year adds nothing on a 90-day axis. */
export function shortDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(5) : date;
}

export interface PeriodTotals {
  newUsers: number;
  feedback: number;
  pushSent: number;
  pushFailed: number;
  pushSkipped: number;
}

export function periodTotals(days: readonly Day[]): PeriodTotals {
  const t: PeriodTotals = { newUsers: 0, feedback: 0, pushSent: 0, pushFailed: 0, pushSkipped: 0 };
  for (const d of days) {
    t.newUsers += d.new_users;
    t.feedback += d.feedback_created;
    t.pushSent += d.push_sent;
    t.pushFailed += d.push_failed;
    t.pushSkipped += d.push_skipped;
  }
  return t;
}

/** True when a period has nothing to draw (charts then show an empty state instead of a flat line). */
export function isQuiet(days: readonly Day[]): boolean {
  const t = periodTotals(days);
  return t.newUsers + t.feedback + t.pushSent + t.pushFailed + t.pushSkipped === 0;
}
