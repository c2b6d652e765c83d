import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { formatSendAt, isSendAt } from './send-at.ts';

describe('send_at', () => {
  it('is the picked wall-clock time as YYYY-MM-DD HH:mm:ss, zero-padded', () => {
    expect(formatSendAt(dayjs(new Date(2026, 0, 5, 7, 3, 9)))).toBe('2026-01-05 07:03:09');
    expect(formatSendAt(dayjs(new Date(2026, 11, 31, 23, 59, 0)))).toBe('2026-12-31 23:59:00');
  });

  it('recognises the format the server reads', () => {
    expect(isSendAt('2026-01-05 07:03:09')).toBe(true);
    expect(isSendAt('2026-01-05T07:03:09')).toBe(false);
    expect(isSendAt('2026-1-5 7:03:09')).toBe(false);
  });
});
