/** lastLocalDays: calendar days of the zone, 23 or 25 hours long across DST changes. */
import { describe, expect, it } from 'vitest';
import { lastLocalDays } from '../../src/platform/local-days.js';

describe('lastLocalDays', () => {
  it('ends with today in the zone, oldest first, each day starting where the previous ended', () => {
    // 2026-01-14 23:30 UTC is already the 15th in Shanghai.
    const days = lastLocalDays('Asia/Shanghai', Date.UTC(2026, 0, 14, 23, 30), 3);
    expect(days.map((d) => d.date)).toEqual(['2026-01-13', '2026-01-14', '2026-01-15']);
    expect(days[2]).toEqual({ date: '2026-01-15', start: Date.UTC(2026, 0, 14, 16), end: Date.UTC(2026, 0, 15, 16) });
    for (let i = 1; i < days.length; i++) expect(days[i]!.start).toBe(days[i - 1]!.end);
  });

  it('makes the spring-forward day 23 hours and the fall-back day 25 hours long', () => {
    const spring = lastLocalDays('Europe/Berlin', Date.UTC(2026, 2, 30, 12), 3);
    expect(spring.map((d) => [d.date, (d.end - d.start) / 3_600_000])).toEqual([
      ['2026-03-28', 24],
      ['2026-03-29', 23],
      ['2026-03-30', 24],
    ]);
    const fall = lastLocalDays('Europe/Berlin', Date.UTC(2026, 9, 25, 12), 1);
    expect(fall).toEqual([{ date: '2026-10-25', start: Date.UTC(2026, 9, 24, 22), end: Date.UTC(2026, 9, 25, 23) }]);
  });

  it('is UTC days in UTC', () => {
    expect(lastLocalDays('UTC', Date.UTC(2026, 0, 1, 0, 0, 0), 1)).toEqual([
      { date: '2026-01-01', start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2) },
    ]);
  });
});
