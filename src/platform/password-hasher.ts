/**
 * Password hashing with argon2id (OWASP: m=19 MiB, t=2, p=1), in a pool of worker threads
 * (Piscina) that run at the lowest CPU priority (nice 19). A login flood then takes only the
 * CPU nothing else wants: the event loop, and so every other request, is served first. By
 * default cores - 1 threads (at least one), so that a flood of logins never holds every core
 * nor more than that many times m of memory; waiting hashes queue. ARGON2_CONCURRENCY
 * overrides it. Waiting hashes are served in order, so no login waits longer than the queue.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { CODE_ROOT } from './dist-layout.js';
import { letWorkerHeapsFollowTheirLimits } from './worker-heaps.js';

export function defaultHashConcurrency(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Lowest priority on Linux (per thread); elsewhere Piscina leaves priorities alone. */
const NICE_INCREMENT = 19;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /** Spends the same time as a real verify; for accounts that do not exist. */
  verifyDummy(password: string): Promise<void>;
  /** Stops the hashing threads. */
  close?(): Promise<void>;
  /**
   * Stops the threads now if nothing is being hashed (the next hash starts one again), so
   * that one-time work, the first manager's hash at start, does not leave a thread and its
   * argon2 memory behind for the idle timeout.
   */
  releaseThreads?(): Promise<void>;
}

type Task = { op: 'hash'; password: string; memoryCost: number; timeCost: number } | { op: 'verify'; hashed: string; password: string };

export class Argon2Hasher implements PasswordHasher {
  private dummy: Promise<string> | undefined;
  private pool: Piscina<Task, string | boolean> | undefined;
  private readonly inFlight = new Set<Promise<string | boolean>>();
  private closed = false;

  constructor(private readonly options: { memoryCost: number; timeCost: number; concurrency?: number }) {}

  private createPool(): Piscina<Task, string | boolean> {
    const threads = this.options.concurrency ?? defaultHashConcurrency();
    letWorkerHeapsFollowTheirLimits();
    return new Piscina({
      filename: new URL('platform/argon2-worker.cjs', CODE_ROOT).href,
      minThreads: 0,
      maxThreads: threads,
      // Threads are started on demand and stopped after a quiet minute: an idle server keeps
      // neither the threads nor their argon2 memory.
      idleTimeout: 60_000,
      niceIncrement: NICE_INCREMENT,
      // First come, first hashed. By default Piscina sends a queued task it could not hand to
      // a busy thread to the back of the queue, once per finished task: with one thread (two
      // cores) and 50 logins at once, some waited over 10 s while others took 0.4 s.
      stricterFIFO: true,
      // The threads allocate next to nothing on the JavaScript heap (argon2's memory is native):
      // small heaps keep each thread's resident memory small.
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
    });
  }

  /** The threads hashing right now (started on demand). */
  get threadCount(): number {
    return this.pool?.threads.length ?? 0;
  }

  async hash(password: string): Promise<string> {
    return (await this.run({ op: 'hash', password, memoryCost: this.options.memoryCost, timeCost: this.options.timeCost })) as string;
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    return (await this.run({ op: 'verify', hashed, password })) === true;
  }

  async verifyDummy(password: string): Promise<void> {
    this.dummy ??= this.hash('appdesk-dummy-password');
    await this.verify(await this.dummy, password);
  }

  /** Finishes the hashes queued and running (logins still being answered), then stops. */
  async close(): Promise<void> {
    // Piscina's own close() waits only for tasks already handed to a thread.
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    await this.pool?.destroy();
    this.pool = undefined;
  }

  async releaseThreads(): Promise<void> {
    if (this.inFlight.size > 0 || !this.pool) return;
    const pool = this.pool;
    this.pool = undefined;
    await pool.destroy();
  }

  private run(task: Task): Promise<string | boolean> {
    if (this.closed) return Promise.reject(new Error('the password hasher is closed'));
    this.pool ??= this.createPool();
    const done = this.pool.run(task);
    this.inFlight.add(done);
    const forget = () => this.inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }
}
