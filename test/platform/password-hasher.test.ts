/**
 * The hashing pool: argon2id in worker threads at the lowest CPU priority, at most
 * `concurrency` of them, stopped by close(). Thread priorities are read from /proc (Linux).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Argon2Hasher } from '../../src/platform/password-hasher.js';
import { threadNices } from '../helpers/thread-nice.js';

const lowPriorityThreads = () => threadNices().filter((n) => n === 19).length;

/**
 * The count once it reaches `expected`, or after 10 s. A terminated worker's thread leaves
 * /proc/self/task a moment after its pool says it stopped; on a busy machine that moment
 * was long enough for a read right after close() to still see it.
 */
async function lowPriorityThreadsOnceAt(expected: number): Promise<number> {
  for (let i = 0; i < 200 && lowPriorityThreads() !== expected; i++) await new Promise((r) => setTimeout(r, 50));
  return lowPriorityThreads();
}

const hashers: Argon2Hasher[] = [];
afterEach(async () => {
  for (const h of hashers.splice(0)) await h.close();
});

describe('Argon2Hasher', () => {
  it('hashes with argon2id and verifies only the right password; a malformed hash never matches', async () => {
    const h = new Argon2Hasher({ memoryCost: 64, timeCost: 1, concurrency: 1 });
    hashers.push(h);
    const hashed = await h.hash('correct horse');
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
    expect(await h.verify(hashed, 'correct horse')).toBe(true);
    expect(await h.verify(hashed, 'wrong horse')).toBe(false);
    expect(await h.verify('not-a-hash', 'correct horse')).toBe(false);
    await expect(h.verifyDummy('anything')).resolves.toBeUndefined();
  });

  it('finishes the hashes in hand when closed (logins still being answered at shutdown)', async () => {
    const h = new Argon2Hasher({ memoryCost: 1024, timeCost: 1, concurrency: 1 });
    const pending = Array.from({ length: 3 }, (_, i) => h.hash(`password-${i}`));
    await h.close();
    const done = await Promise.all(pending);
    expect(done.every((x) => x.startsWith('$argon2id$'))).toBe(true);
  });

  it('hashes waiting for a thread in the order they were asked for (no login overtaken under a flood)', async () => {
    // One thread and a queue: Piscina by default sends a queued task it could not hand out
    // back to the tail, so under a steady flood some logins waited 10 s and more.
    const h = new Argon2Hasher({ memoryCost: 1024, timeCost: 1, concurrency: 1 });
    hashers.push(h);
    const hashed = await h.hash('password');
    const finished: number[] = [];
    const burst = Array.from({ length: 12 }, (_, i) => h.verify(hashed, 'password').then(() => finished.push(i)));
    await Promise.all(burst);
    expect(finished).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it.runIf(process.platform === 'linux')('hashes in at most `concurrency` threads at nice 19, stopped by close()', async () => {
    // Every pool of the earlier tests is closed (afterEach): their threads are leaving.
    const before = await lowPriorityThreadsOnceAt(0);
    const h = new Argon2Hasher({ memoryCost: 1024, timeCost: 1, concurrency: 2 });
    hashers.push(h);
    const hashes = await Promise.all(Array.from({ length: 6 }, (_, i) => h.hash(`password-${i}`)));
    expect(new Set(hashes).size).toBe(6);
    const during = lowPriorityThreads() - before;
    expect(during).toBeGreaterThanOrEqual(1);
    expect(during).toBeLessThanOrEqual(2);
    await h.close();
    hashers.pop();
    expect(await lowPriorityThreadsOnceAt(before)).toBe(before);
  });

  it.runIf(process.platform === 'linux')(
    'releaseThreads() stops an idle pool at once, and the next hash starts a thread again',
    async () => {
      const before = await lowPriorityThreadsOnceAt(0);
      const h = new Argon2Hasher({ memoryCost: 1024, timeCost: 1, concurrency: 1 });
      hashers.push(h);
      const first = await h.hash('first');
      // Without the release, the thread would stay for the pool's idle minute.
      expect(h.threadCount).toBe(1);
      await h.releaseThreads();
      expect(h.threadCount).toBe(0);
      expect(await lowPriorityThreadsOnceAt(before)).toBe(before);
      expect(await h.verify(first, 'first')).toBe(true);
      expect(h.threadCount).toBe(1);
    },
  );

  it('releaseThreads() leaves a pool that is hashing alone', async () => {
    const h = new Argon2Hasher({ memoryCost: 1024, timeCost: 1, concurrency: 1 });
    hashers.push(h);
    const pending = h.hash('busy');
    await h.releaseThreads();
    expect(h.threadCount).toBe(1);
    expect(await pending).toMatch(/^\$argon2id\$/);
  });

  it('refuses to hash once closed', async () => {
    const h = new Argon2Hasher({ memoryCost: 64, timeCost: 1, concurrency: 1 });
    await h.close();
    await expect(h.hash('late')).rejects.toThrow(/closed/);
  });

  it("leaves the hashing threads their own small heaps under the server's heap flags, and the server its own", () => {
    // V8's flags are process-wide and win over a worker's resourceLimits: with npm start's
    // --min-semi-space-size=8 (since 4), each hashing thread took a 16 MiB young generation.
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
    const flags = /\bnode ((?:--\S+ )*)dist\/server\.js/.exec(start)![1]!.trim().split(' ');
    expect(flags).toContain('--min-semi-space-size=4');
    const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', 'test/platform/scripts/worker-heaps.ts']).toString();
    const heaps = JSON.parse(out) as { workerNewSpaceMb: number; mainNewSpaceMb: number; mainHeapLimitMb: number };
    expect(heaps.workerNewSpaceMb).toBeLessThanOrEqual(2);
    expect(heaps.mainNewSpaceMb).toBeGreaterThanOrEqual(8);
    expect(heaps.mainHeapLimitMb).toBeGreaterThan(1024);
    expect(heaps.mainHeapLimitMb).toBeLessThan(2048);
  });
});
