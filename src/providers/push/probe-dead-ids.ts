/**
 * Getui and JPush refuse a multi-device push as a whole when none of its ids reaches a
 * device (Getui 20001 "target user is invalid", JPush 1011), without saying which ids are
 * dead. Only a push to one id tells: this sends to each id alone, a bounded number of them,
 * so that dead bindings get removed without trusting a batch-wide answer with them all.
 */
import { PushConfigurationError, type PushResult } from './push-provider.js';

/** What a push to one id answered. */
export type ProbeOutcome = 'sent' | 'dead' | 'failed';

/** Most single-id pushes one batch spends finding its dead ids; the rest count failed, bindings kept. */
export const PROBE_LIMIT = 100;

export async function probeOneByOne(
  ids: string[],
  sendOne: (id: string) => Promise<ProbeOutcome>,
  limit = PROBE_LIMIT,
): Promise<PushResult> {
  const invalid: string[] = [];
  const failed: string[] = [];
  let stopped = false;
  for (const [i, id] of ids.entries()) {
    if (stopped || i >= limit) {
      failed.push(id);
      continue;
    }
    try {
      const outcome = await sendOne(id);
      if (outcome === 'dead') invalid.push(id);
      else if (outcome === 'failed') failed.push(id);
    } catch (err) {
      if (err instanceof PushConfigurationError) throw err;
      // Rate limited or unreachable: stop spending requests; what is left counts failed
      // rather than being retried, since the ids probed so far may have been delivered.
      failed.push(id);
      stopped = true;
    }
  }
  return { invalid, failed };
}
