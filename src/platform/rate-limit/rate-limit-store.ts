/**
 * Sliding-log rate limits. The contract asks for rolling windows ("per rolling 24 hours")
 * and for refused or failed sends to consume nothing, so each limited action is an event
 * in a bucket: reserve() checks every bucket and records in all of them atomically, and
 * release() takes a reservation back when the action failed.
 */
export interface WindowLimit {
  bucket: string;
  limit: number;
  windowMs: number;
}

/** Opaque handle for events recorded by reserve(). */
export interface Reservation {
  readonly entries: readonly { bucket: string; id: string }[];
}

export interface RateLimitStore {
  /** Records one event in every bucket if each has room; null (recording nothing) if any is full. */
  reserve(limits: WindowLimit[], now: number): Promise<Reservation | null>;
  release(reservation: Reservation): Promise<void>;
  /** Events in the bucket within the window ending now. */
  count(bucket: string, windowMs: number, now: number): Promise<number>;
}
