/**
 * The server's heap flags (package.json's start: --min/--max-semi-space-size,
 * --max-old-space-size) are V8's, process-wide, and V8 lets them win over a worker's own
 * resourceLimits: every hashing thread took the main thread's 16 MiB young generation, 14 MB
 * more resident memory during logins (measured), where 2 MiB serve it. The main thread's heap
 * was sized when it started, from the flags as given; cleared now, they leave the isolates
 * made from now on (the hashing threads, the SQLite writer thread) to their resourceLimits.
 * Call it before starting a worker thread.
 */
import { setFlagsFromString } from 'node:v8';

let workerHeapsFreed = false;

export function letWorkerHeapsFollowTheirLimits(): void {
  if (workerHeapsFreed) return;
  workerHeapsFreed = true;
  for (const flag of ['--min-semi-space-size=0', '--max-semi-space-size=0', '--max-old-space-size=0']) setFlagsFromString(flag);
}
