/**
 * argon2id verifications alone, in a process of its own (its own hashing threads, like the
 * server's), at the same parameters and concurrency as the login workload: the ceiling
 * login throughput is compared with. Only verifications finished inside the window count,
 * as autocannon counts only answers received inside its own: the queue the lanes leave at
 * the end (one task per lane) is drained but not counted.
 */
import { Argon2Hasher } from '../src/platform/password-hasher.js';

const seconds = Number(process.env.SECONDS ?? 5);
const concurrency = Number(process.env.CONCURRENCY ?? 8);
// HASH_CONCURRENCY unset: the server's own default (one core left to the event loop).
const slots = process.env.HASH_CONCURRENCY ? Number(process.env.HASH_CONCURRENCY) : undefined;
const hasher = new Argon2Hasher({ memoryCost: 19456, timeCost: 2, ...(slots ? { concurrency: slots } : {}) });
const hash = await hasher.hash('bench-password-1');
let done = 0;
const start = Date.now();
const end = start + seconds * 1000;
async function lane() {
  while (Date.now() < end) {
    await hasher.verify(hash, 'bench-password-1');
    if (Date.now() <= end) done += 1;
  }
}
await Promise.all(Array.from({ length: concurrency }, lane));
await hasher.close();
process.stdout.write(JSON.stringify({ rps: done / seconds, count: done, seconds }) + '\n');
