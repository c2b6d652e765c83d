/**
 * The event loop's handle on the SQLite writer thread (sqlite-writer.ts): starts it with the
 * first group of writes, hands it one group at a time and answers with its outcomes. A
 * thread that dies fails the group it held; the next group starts a new one.
 *
 * A Node worker costs about 9 MB of resident memory for as long as it lives (its own isolate
 * and environment), so the thread ends after IDLE_MS without a write and the next write
 * starts it again (tens of milliseconds, once): a server that only reads, or idles, does not
 * keep it. Piscina's hashing threads are stopped the same way.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { CODE_ROOT } from '../platform/dist-layout.js';
import { letWorkerHeapsFollowTheirLimits } from '../platform/worker-heaps.js';
import type { GroupAnswer, WriteRequest } from './sqlite-writer-protocol.js';

/**
 * Built, the thread runs dist/db/sqlite-writer.js (the bundle's second entry, or tsc's
 * output beside the push worker's modules: either loads on its own). From the
 * TypeScript source (tests, tsx), it registers tsx's loader first: a worker's execArgv
 * cannot carry --import.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const SCRIPT = new URL(`db/sqlite-writer.${FROM_SOURCE ? 'ts' : 'js'}`, CODE_ROOT);

function threadEntry(): { entry: URL | string; eval: boolean } {
  if (!FROM_SOURCE) return { entry: SCRIPT, eval: false };
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return { entry: `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(SCRIPT.href)}); });`, eval: true };
}

/**
 * The thread keeps a statement cache and one group's requests and outcomes at a time: small
 * heaps keep its resident memory small (as the hashing threads', platform/worker-heaps.ts).
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 };

const IDLE_MS = 10_000;

interface Waiting {
  resolve(answer: GroupAnswer): void;
  reject(err: Error): void;
}

export class SqliteWriterThread {
  private worker: Worker | null = null;
  private waiting: Waiting | null = null;
  private closed = false;
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly path: string,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Commits `requests` as one group. One at a time: the caller waits for each answer. */
  write(requests: readonly WriteRequest[]): Promise<GroupAnswer> {
    return new Promise<GroupAnswer>((resolve, reject) => {
      if (this.closed) throw new Error('the database is closed');
      // Inside the promise: a thread that cannot start fails this group, not the process.
      const worker = this.worker ?? this.start();
      if (this.idle) clearTimeout(this.idle);
      this.idle = null;
      this.waiting = { resolve, reject };
      // Held while a group is in flight, so that the process does not exit under it.
      worker.ref();
      worker.postMessage(requests);
    });
  }

  /** Ends the thread, which closes its connection; call with no group in flight. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  /** Whether a thread is running now (tests and benchmarks read it). */
  get running(): boolean {
    return this.worker !== null;
  }

  private stop(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    this.worker = null;
    const exited = once(worker, 'exit').then(() => undefined);
    worker.ref();
    worker.postMessage(null);
    return exited;
  }

  private start(): Worker {
    letWorkerHeapsFollowTheirLimits();
    const { entry, eval: isCode } = threadEntry();
    const worker = new Worker(entry, {
      eval: isCode,
      workerData: { path: this.path },
      execArgv: [],
      resourceLimits: RESOURCE_LIMITS,
    });
    worker.on('message', (answer: GroupAnswer) => {
      const waiting = this.waiting;
      this.waiting = null;
      worker.unref();
      this.idle = setTimeout(() => void this.stop(), this.idleMs).unref();
      waiting?.resolve(answer);
    });
    const lost = (err: Error) => {
      // A thread closed or replaced already has nothing in flight.
      if (this.worker !== worker) return;
      this.worker = null;
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.reject(err);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`the SQLite writer thread exited (code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
