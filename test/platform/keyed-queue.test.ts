/**
 * The per-key queue the SQL rate-limit store puts reservations of a bucket through: one task
 * at a time per key, in order, none lost, failures kept to their caller, waits bounded.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyedQueue } from '../../src/platform/rate-limit/keyed-queue.js';

/** A promise settled from outside. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued promise callback run. */
const flush = () => new Promise((r) => setImmediate(r));

afterEach(() => {
  vi.useRealTimers();
});

describe('KeyedQueue', () => {
  it('runs a burst on one key one task at a time, in the order queued, and answers each its own result', async () => {
    const q = new KeyedQueue(60_000);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const burst = Array.from({ length: 50 }, (_, i) =>
      q.run('bucket', async () => {
        running += 1;
        most = Math.max(most, running);
        started.push(i);
        await flush();
        running -= 1;
        return i * 2;
      }),
    );
    expect(await Promise.all(burst)).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
    expect(started).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(most).toBe(1);
    expect(q.size).toBe(0);
  });

  it('gives a failure to its own caller only, and runs the next task anyway', async () => {
    const q = new KeyedQueue(60_000);
    const first = q.run('k', () => Promise.reject(new Error('boom')));
    const second = q.run('k', () => Promise.resolve('ok'));
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ok');
    expect(q.size).toBe(0);
  });

  it('runs tasks of different keys side by side', async () => {
    const q = new KeyedQueue(60_000);
    const hold = deferred();
    const a = q.run('a', () => hold.promise);
    let bRan = false;
    await q.run('b', async () => {
      bRan = true;
    });
    expect(bRan).toBe(true);
    hold.resolve();
    await a;
  });

  it('runAll holds every key: tasks on any of them wait, tasks elsewhere do not', async () => {
    const q = new KeyedQueue(60_000);
    const hold = deferred();
    const both = q.runAll(['b', 'a', 'b'], () => hold.promise);
    const order: string[] = [];
    const onA = q.run('a', async () => void order.push('a'));
    const onB = q.run('b', async () => void order.push('b'));
    await q.run('c', async () => void order.push('c'));
    await flush();
    expect(order).toEqual(['c']);
    hold.resolve();
    await Promise.all([both, onA, onB]);
    expect(order.sort()).toEqual(['a', 'b', 'c']);
    expect(q.size).toBe(0);
  });

  it('lets a task run once it has waited maxWaitMs behind one that does not finish', async () => {
    vi.useFakeTimers();
    const q = new KeyedQueue(1000);
    const stuck = deferred();
    void q.run('k', () => stuck.promise);
    let ran = false;
    const next = q.run('k', async () => {
      ran = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(ran).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(ran).toBe(true);
    stuck.resolve();
  });
});
