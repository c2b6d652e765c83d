/**
 * Timestamps out: "YYYY-MM-DD HH:mm:ss" in the configured zone. The formatter remembers the
 * last second it formatted; any other second, earlier or later, is formatted anew.
 */
import { describe, expect, it } from 'vitest';
import { TimeFormatter } from '../../src/platform/time-format.js';

describe('TimeFormatter.format', () => {
  it('formats every millisecond of a second alike and the next second anew', () => {
    const f = new TimeFormatter('UTC');
    const t = Date.UTC(2026, 11, 3, 10, 20, 30);
    expect(f.format(t)).toBe('2026-12-03 10:20:30');
    expect(f.format(t + 999)).toBe('2026-12-03 10:20:30');
    expect(f.format(t + 1000)).toBe('2026-12-03 10:20:31');
    expect(f.format(t - 1)).toBe('2026-12-03 10:20:29');
    expect(f.format(t)).toBe('2026-12-03 10:20:30');
    expect(f.format(0)).toBe('1970-01-01 00:00:00');
    expect(f.format(-1)).toBe('1969-12-31 23:59:59');
  });

  it('keeps zones apart and follows a zone across its daylight-saving change', () => {
    const shanghai = new TimeFormatter('Asia/Shanghai');
    const newYork = new TimeFormatter('America/New_York');
    const t = Date.UTC(2026, 11, 3, 10, 20, 30);
    expect(shanghai.format(t)).toBe('2026-12-03 18:20:30');
    expect(newYork.format(t)).toBe('2026-12-03 05:20:30');
    // 2026-03-08 07:00 UTC: New York goes from 01:59:59 EST to 03:00:00 EDT.
    const change = Date.UTC(2026, 2, 8, 7, 0, 0);
    expect(newYork.format(change - 1000)).toBe('2026-03-08 01:59:59');
    expect(newYork.format(change)).toBe('2026-03-08 03:00:00');
    expect(newYork.format(change - 1)).toBe('2026-03-08 01:59:59');
  });
});
