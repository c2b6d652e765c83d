/** A push's status as the console names it, and its delivery figures as shares of a bar. */
export const PushStatus = { Pending: 0, Sent: 1, Failed: 2, Canceled: 3 } as const;

/** The scopes of src/modules/push/push.model.ts, in the route's order. */
export const PushScope = { AllUsers: 0, AndroidUsers: 1, IosUsers: 2, ListedUsers: 3 } as const;
export const SCOPES = [PushScope.AllUsers, PushScope.AndroidUsers, PushScope.IosUsers, PushScope.ListedUsers] as const;

export type StatusKey = 'scheduled' | 'queued' | 'sending' | 'sent' | 'failed' | 'canceled';

export interface PushFigures {
  push_status: number;
  send_at: string;
  targeted: number;
  sent: number;
  failed: number;
  skipped: number;
}

/** Sent, failed and canceled never change again: polling stops there. */
export function isFinal(status: number): boolean {
  return status === PushStatus.Sent || status === PushStatus.Failed || status === PushStatus.Canceled;
}

/**
 * A pending push is "sending" once its audience is counted (targeted > 0, or some figure
 * moved), "scheduled" while it waits for its send_at, and "queued" otherwise.
 */
export function statusKey(m: PushFigures): StatusKey {
  if (m.push_status === PushStatus.Sent) return 'sent';
  if (m.push_status === PushStatus.Failed) return 'failed';
  if (m.push_status === PushStatus.Canceled) return 'canceled';
  if (m.targeted > 0 || m.sent + m.failed + m.skipped > 0) return 'sending';
  return m.send_at !== '' ? 'scheduled' : 'queued';
}

/** Only a push whose delivery has not begun can be canceled (the server says so too). */
export function canCancel(m: PushFigures): boolean {
  const k = statusKey(m);
  return k === 'scheduled' || k === 'queued';
}

export interface Shares {
  done: number;
  /** Percent of targeted, each rounded down so the segments never overflow the bar. */
  sent: number;
  failed: number;
  skipped: number;
  /** Percent of targeted handled so far (sent + failed + skipped), 0 when nobody is targeted. */
  progress: number;
}

export function shares(m: PushFigures): Shares {
  const done = m.sent + m.failed + m.skipped;
  if (m.targeted <= 0) return { done, sent: 0, failed: 0, skipped: 0, progress: isFinal(m.push_status) ? 100 : 0 };
  const pct = (n: number) => Math.min(100, Math.floor((n / m.targeted) * 1000) / 10);
  return { done, sent: pct(m.sent), failed: pct(m.failed), skipped: pct(m.skipped), progress: pct(done) };
}
