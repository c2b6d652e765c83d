import { describe, expect, it } from 'vitest';
import { isQuiet, periodTotals, shortDate, type Day } from './daily-series.ts';

const day = (date: string, n: Partial<Day> = {}): Day => ({
  date,
  new_users: 0,
  feedback_created: 0,
  pushes: 0,
  push_targeted: 0,
  push_sent: 0,
  push_failed: 0,
  push_skipped: 0,
  ...n,
});

describe('daily series', () => {
  it('labels days without the year', () => {
    expect(shortDate('2026-12-01')).toBe('12-01');
    expect(shortDate('odd')).toBe('odd');
  });

  it('sums the period, and knows a period with nothing in it', () => {
    const days = [
      day('2026-11-30', { new_users: 2, push_sent: 5, push_failed: 1 }),
      day('2026-12-01', { new_users: 1, feedback_created: 3, push_skipped: 2 }),
    ];
    expect(periodTotals(days)).toEqual({ newUsers: 3, feedback: 3, pushSent: 5, pushFailed: 1, pushSkipped: 2 });
    expect(isQuiet(days)).toBe(false);
    expect(isQuiet([day('2026-12-01')])).toBe(true);
  });
});
