import { describe, expect, it } from 'vitest';
import { categoryLabel, firstLine, localToday, shortTime, statusLook } from './feedback-format.ts';

describe('feedback formatting', () => {
  it('takes the first non-blank line, cut with an ellipsis', () => {
    expect(firstLine('\n  \nApp crashes\nwhen I open it')).toBe('App crashes');
    expect(firstLine('abcdef', 4)).toBe('abc…');
    expect(firstLine('你好世界你好', 5)).toBe('你好世界…');
    expect(firstLine('')).toBe('');
  });

  it('shortens a stamp against today', () => {
    expect(shortTime('2026-12-01 09:05:33', '2026-12-01')).toBe('09:05');
    expect(shortTime('2026-11-30 23:59:59', '2026-12-01')).toBe('11-30 23:59');
    expect(shortTime('2025-12-01 09:05:33', '2026-12-01')).toBe('2025-12-01');
    expect(shortTime('garbage', '2026-12-01')).toBe('garbage');
  });

  it('writes today in the local zone', () => {
    expect(localToday(new Date(2026, 0, 5, 12))).toBe('2026-01-05');
  });

  it('gives each status a label and colour', () => {
    expect(statusLook(0)).toEqual({ key: 'status.pending', color: 'orange' });
    expect(statusLook(1).key).toBe('status.replied');
    expect(statusLook(2).key).toBe('status.closed');
    expect(statusLook(9).key).toBe('status.unknown');
  });

  it('names categories, none and deleted ones', () => {
    const names = new Map([[3, 'Bugs']]);
    expect(categoryLabel(0, names)).toEqual({ kind: 'none' });
    expect(categoryLabel(3, names)).toEqual({ kind: 'named', name: 'Bugs' });
    expect(categoryLabel(4, names)).toEqual({ kind: 'deleted', id: 4 });
  });
});
