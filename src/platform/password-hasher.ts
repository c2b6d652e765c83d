/**
 * Password hashing with argon2id (OWASP: m=19 MiB, t=2, p=1). @node-rs/argon2 runs on the
 * libuv thread pool, so hashing never blocks the event loop. By default one core is left to
 * the event loop (at most cores - 1 hashes at once, at least one): a login flood then slows
 * logins, not every other request, and each running hash holds 19 MiB. ARGON2_CONCURRENCY
 * overrides it.
 */
import { availableParallelism } from 'node:os';
import { Algorithm, hash, verify } from '@node-rs/argon2';

export function defaultHashConcurrency(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** A counting semaphore: run() waits for one of `size` slots. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /** Spends the same time as a real verify; for accounts that do not exist. */
  verifyDummy(password: string): Promise<void>;
}

export class Argon2Hasher implements PasswordHasher {
  private dummy: Promise<string> | undefined;
  private readonly slots: Slots;

  constructor(private readonly options: { memoryCost: number; timeCost: number; concurrency?: number }) {
    this.slots = new Slots(options.concurrency ?? defaultHashConcurrency());
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() =>
      hash(password, {
        algorithm: Algorithm.Argon2id,
        memoryCost: this.options.memoryCost,
        timeCost: this.options.timeCost,
        parallelism: 1,
      }),
    );
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await this.slots.run(() => verify(hashed, password));
    } catch {
      return false;
    }
  }

  async verifyDummy(password: string): Promise<void> {
    this.dummy ??= this.hash('appdesk-dummy-password');
    await this.verify(await this.dummy, password);
  }
}
