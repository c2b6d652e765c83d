import { describe, expect, it } from 'vitest';
import { canCancel, isFinal, shares, statusKey, type PushFigures } from './delivery.ts';

const m = (over: Partial<PushFigures>): PushFigures => ({
  push_status: 0,
  send_at: '',
  targeted: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
  ...over,
});

describe('push delivery figures', () => {
  it('names a pending push by how far it got', () => {
    expect(statusKey(m({}))).toBe('queued');
    expect(statusKey(m({ send_at: '2030-01-01 08:00:00' }))).toBe('scheduled');
    expect(statusKey(m({ targeted: 3 }))).toBe('sending');
    expect(statusKey(m({ push_status: 1, targeted: 3, sent: 3 }))).toBe('sent');
    expect(statusKey(m({ push_status: 2 }))).toBe('failed');
    expect(statusKey(m({ push_status: 3 }))).toBe('canceled');
  });

  it('allows cancel only before delivery begins, and stops polling at a final status', () => {
    expect(canCancel(m({}))).toBe(true);
    expect(canCancel(m({ send_at: '2030-01-01 08:00:00' }))).toBe(true);
    expect(canCancel(m({ targeted: 2 }))).toBe(false);
    expect(canCancel(m({ push_status: 1 }))).toBe(false);
    expect([0, 1, 2, 3].map(isFinal)).toEqual([false, true, true, true]);
  });

  it('gives each figure its share of targeted, never more than the bar', () => {
    expect(shares(m({ targeted: 3, sent: 1, failed: 1, skipped: 1 }))).toEqual({
      done: 3,
      sent: 33.3,
      failed: 33.3,
      skipped: 33.3,
      progress: 100,
    });
    expect(shares(m({ targeted: 8, sent: 2 }))).toMatchObject({ sent: 25, progress: 25 });
    // Nobody targeted: an empty bar while pending, a full one once it is over.
    expect(shares(m({})).progress).toBe(0);
    expect(shares(m({ push_status: 1 })).progress).toBe(100);
  });
});
