/**
 * The per-device fan-out behind FCM and APNs: bounded concurrency, where retries happen
 * (inside the send once something was accepted, in the delivery otherwise), Retry-After,
 * and one token renewal.
 */
import { describe, expect, it } from 'vitest';
import { fanOut, type DeviceOutcome } from '../../src/providers/push/device-fanout.js';
import { PushConfigurationError, RetryablePushError } from '../../src/providers/push/push-provider.js';

const OPTIONS = { concurrency: 3, rounds: 3, retryBaseMs: 1, maxRetryWaitMs: 1000 };
const ids = (n: number) => Array.from({ length: n }, (_, i) => `d${i}`);

describe('fanOut', () => {
  it('keeps at most `concurrency` sends in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await fanOut(
      ids(20),
      async () => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        return { kind: 'sent' };
      },
      () => undefined,
      OPTIONS,
    );
    expect(result).toEqual({ invalid: [], failed: [] });
    expect(peak).toBe(3);
  });

  it('hands a batch nobody answered back to the delivery, with the longest Retry-After', async () => {
    const send = fanOut(
      ids(3),
      (id) => Promise.resolve<DeviceOutcome>({ kind: 'retry', reason: '503', retryAfterMs: id === 'd1' ? 2000 : 0 }),
      () => undefined,
      OPTIONS,
    );
    await expect(send).rejects.toBeInstanceOf(RetryablePushError);
    await expect(send).rejects.toMatchObject({ retryAfterMs: 2000 });
  });

  it('retries only the leftovers once some devices answered, then counts them failed', async () => {
    const calls: string[] = [];
    const result = await fanOut(
      ids(3),
      (id) => {
        calls.push(id);
        if (id === 'd0') return Promise.resolve<DeviceOutcome>({ kind: 'invalid' });
        if (id === 'd1') return Promise.resolve<DeviceOutcome>({ kind: 'retry', reason: '500' });
        return Promise.resolve<DeviceOutcome>({ kind: 'sent' });
      },
      () => undefined,
      OPTIONS,
    );
    expect(result).toEqual({ invalid: ['d0'], failed: ['d1'] });
    expect(calls.filter((c) => c === 'd1')).toHaveLength(3);
    expect(calls.filter((c) => c !== 'd1')).toHaveLength(2);
  });

  it('does not wait past its bound: a longer Retry-After fails the leftovers at once', async () => {
    let tries = 0;
    const result = await fanOut(
      ids(2),
      (id) => {
        if (id === 'd0') return Promise.resolve<DeviceOutcome>({ kind: 'sent' });
        tries += 1;
        return Promise.resolve<DeviceOutcome>({ kind: 'retry', reason: '429', retryAfterMs: 60_000 });
      },
      () => undefined,
      OPTIONS,
    );
    expect(result).toEqual({ invalid: [], failed: ['d1'] });
    expect(tries).toBe(1);
  });

  it('renews the token once; a second refusal is a configuration error', async () => {
    let renewals = 0;
    const ok = await fanOut(
      ids(2),
      () => Promise.resolve<DeviceOutcome>(renewals === 0 ? { kind: 'renew', reason: '401' } : { kind: 'sent' }),
      () => (renewals += 1),
      OPTIONS,
    );
    expect(ok).toEqual({ invalid: [], failed: [] });
    expect(renewals).toBe(1);
    const refused = fanOut(
      ids(2),
      () => Promise.resolve<DeviceOutcome>({ kind: 'renew', reason: '401' }),
      () => undefined,
      OPTIONS,
    );
    await expect(refused).rejects.toBeInstanceOf(PushConfigurationError);
  });

  it('stops starting sends after a configuration error', async () => {
    let started = 0;
    const send = fanOut(
      ids(50),
      () => {
        started += 1;
        return Promise.resolve<DeviceOutcome>({ kind: 'config', reason: 'BadTopic' });
      },
      () => undefined,
      OPTIONS,
    );
    await expect(send).rejects.toThrow('BadTopic');
    expect(started).toBe(3);
  });
});
