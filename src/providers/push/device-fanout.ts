/**
 * Sends one request per device with bounded concurrency (FCM v1 and APNs have no batch
 * call) and folds the answers into a PushResult.
 *
 * Retries: a batch where some devices were accepted cannot be handed back to the delivery
 * (it would send the accepted ones again), so the devices answered 429/5xx are retried
 * here, Retry-After honoured, up to `rounds` sends in all, then count as failed. A batch where
 * nothing was accepted or refused is thrown back as RetryablePushError: the delivery's own
 * retries then repeat nobody's notification.
 */
import { PushConfigurationError, RetryablePushError, type PushResult } from './push-provider.js';

export type DeviceOutcome =
  | { kind: 'sent' }
  | { kind: 'invalid' }
  | { kind: 'failed'; reason: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** Credentials or topic refused: the whole batch stops. */
  | { kind: 'config'; reason: string }
  /** Our access/provider token was refused as expired: renew it once and resend. */
  | { kind: 'renew'; reason: string };

export interface FanoutOptions {
  concurrency: number;
  /** Sends of a device answered 429/5xx, the first included. */
  rounds: number;
  retryBaseMs: number;
  maxRetryWaitMs: number;
}

export const DEFAULT_FANOUT: FanoutOptions = { concurrency: 100, rounds: 3, retryBaseMs: 500, maxRetryWaitMs: 30_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function fanOut(
  ids: readonly string[],
  sendOne: (id: string) => Promise<DeviceOutcome>,
  renew: () => void,
  options: FanoutOptions,
): Promise<PushResult> {
  const invalid: string[] = [];
  const failed: string[] = [];
  let answered = false;
  let renewed = false;
  let pending = [...ids];
  for (let round = 0; ; round += 1) {
    const outcomes = await mapLimit(pending, options.concurrency, sendOne);
    const retry: string[] = [];
    const renewals: string[] = [];
    let retryAfterMs: number | undefined;
    let lastReason = '';
    for (let i = 0; i < pending.length; i += 1) {
      const id = pending[i]!;
      const o = outcomes[i];
      if (!o) continue; // not started: the batch stopped on a configuration error
      if (o.kind === 'config') throw new PushConfigurationError(o.reason);
      if (o.kind === 'renew') renewals.push(id);
      else if (o.kind === 'retry') {
        retry.push(id);
        lastReason = o.reason;
        if (o.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, o.retryAfterMs);
      } else {
        answered = true;
        if (o.kind === 'invalid') invalid.push(id);
        else if (o.kind === 'failed') failed.push(id);
      }
    }
    if (renewals.length > 0) {
      if (renewed) throw new PushConfigurationError('credentials refused again after renewing the token');
      renewed = true;
      renew();
      pending = [...renewals, ...retry];
      continue;
    }
    if (retry.length === 0) return { invalid, failed };
    if (!answered) throw new RetryablePushError(lastReason, retryAfterMs);
    // A Retry-After longer than this send may wait is honoured by not trying again.
    if (round + 1 >= options.rounds || (retryAfterMs ?? 0) > options.maxRetryWaitMs) return { invalid, failed: [...failed, ...retry] };
    const backoff = options.retryBaseMs * 2 ** round * (0.5 + Math.random() / 2);
    await sleep(Math.min(retryAfterMs ?? backoff, options.maxRetryWaitMs));
    pending = retry;
  }
}

/** Runs fn over items, at most `limit` at once; stops starting new ones after a 'config' outcome. */
async function mapLimit(
  items: readonly string[],
  limit: number,
  fn: (id: string) => Promise<DeviceOutcome>,
): Promise<(DeviceOutcome | undefined)[]> {
  const out: (DeviceOutcome | undefined)[] = new Array<DeviceOutcome | undefined>(items.length);
  let next = 0;
  let stop = false;
  const worker = async () => {
    while (!stop && next < items.length) {
      const i = next++;
      const o = await fn(items[i]!);
      out[i] = o;
      if (o.kind === 'config') stop = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
