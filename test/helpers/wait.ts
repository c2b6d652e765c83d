/**
 * Waiting on real events without assuming the machine is fast. A loaded CI runner (two
 * cores, load average 6-8) can take a minute to start a process or answer a request, so
 * waits are bounded generously: the bound only decides how long a broken build hangs
 * before it fails, never whether a slow but correct one passes. Time that a test moves on
 * purpose (leases, TTLs, holds) is driven by the ManualClock instead.
 */

/** Bound for a child process (tsx compiling on the fly) to start and answer. */
export const PROCESS_START_MS = 180_000;
/** Bound for anything else that happens soon on a fast machine (a delivery, a reconnect). */
export const EVENT_MS = 120_000;
/**
 * Per-test (or hook) timeout for a test that starts `processes` child processes one after
 * another. Test timeouts are written as number literals sized from these bounds (prettier
 * keeps `it(name, fn, 300_000)` on one line only for a literal): 1 process 300_000, 2
 * 480_000, 6 1_200_000; a wait on events alone 120_000-360_000.
 */
export const processTimeout = (processes = 1) => processes * PROCESS_START_MS + EVENT_MS;

/**
 * Polls `probe` until it answers something truthy or `timeoutMs` passes, then answers its
 * last value (the caller asserts on it, so a timeout fails with the real figure).
 */
export async function until<T>(probe: () => T | Promise<T>, timeoutMs = EVENT_MS, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value || Date.now() >= deadline) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
