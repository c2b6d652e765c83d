import { describe, expect, it } from 'vitest';
import { ageOf, parseServerTime } from './relative-time.ts';

const at = (stamp: string) => parseServerTime(stamp);

describe('relative time of server timestamps', () => {
  it('reads the server format as local time', () => {
    expect(new Date(at('2026-12-01 09:05:07')).getHours()).toBe(9);
    expect(Number.isNaN(at('yesterday'))).toBe(true);
  });

  it('answers the largest whole unit', () => {
    const now = at('2026-12-03 12:00:00');
    expect(ageOf('2026-12-03 11:59:31', now)).toEqual({ unit: 'justNow', count: 0 });
    expect(ageOf('2026-12-03 11:15:00', now)).toEqual({ unit: 'minutes', count: 45 });
    expect(ageOf('2026-12-03 09:00:00', now)).toEqual({ unit: 'hours', count: 3 });
    expect(ageOf('2026-12-01 13:00:00', now)).toEqual({ unit: 'hours', count: 47 });
    expect(ageOf('2026-11-28 12:00:00', now)).toEqual({ unit: 'days', count: 5 });
  });

  it('never goes negative when the clocks disagree, and gives up on garbage', () => {
    expect(ageOf('2026-12-03 12:10:00', at('2026-12-03 12:00:00'))).toEqual({ unit: 'justNow', count: 0 });
    expect(ageOf('', 0)).toBeNull();
  });
});
