/** Retry-After as every push provider reads it (providers/push/push-http.ts). */
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../src/providers/push/push-http.js';

describe('retryAfterMs', () => {
  it('reads seconds as milliseconds, 0 meaning at once', () => {
    expect(retryAfterMs({ 'retry-after': '7' })).toBe(7000);
    expect(retryAfterMs({ 'retry-after': '0' })).toBe(0);
    expect(retryAfterMs({ 'retry-after': '1.5' })).toBe(1500);
  });

  it('is undefined when absent, empty, negative or not a number of seconds (the HTTP-date form included)', () => {
    expect(retryAfterMs({})).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '' })).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '-3' })).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' })).toBeUndefined();
  });

  it('reads another header when named (JPush: X-Rate-Limit-Reset), and the first of repeated values', () => {
    expect(retryAfterMs({ 'x-rate-limit-reset': '12' }, 'x-rate-limit-reset')).toBe(12000);
    expect(retryAfterMs({ 'retry-after': '12' }, 'x-rate-limit-reset')).toBeUndefined();
    expect(retryAfterMs({ 'set-cookie': ['2', '9'] }, 'set-cookie')).toBe(2000);
  });
});
