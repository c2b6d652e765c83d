/**
 * Password hashing with argon2id (OWASP: m=19 MiB, t=2, p=1). @node-rs/argon2 runs on the
 * libuv thread pool, so hashing never blocks the event loop.
 */
import { Algorithm, hash, verify } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /** Spends the same time as a real verify; for accounts that do not exist. */
  verifyDummy(password: string): Promise<void>;
}

export class Argon2Hasher implements PasswordHasher {
  private dummy: Promise<string> | undefined;

  constructor(private readonly options: { memoryCost: number; timeCost: number }) {}

  hash(password: string): Promise<string> {
    return hash(password, {
      algorithm: Algorithm.Argon2id,
      memoryCost: this.options.memoryCost,
      timeCost: this.options.timeCost,
      parallelism: 1,
    });
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await verify(hashed, password);
    } catch {
      return false;
    }
  }

  async verifyDummy(password: string): Promise<void> {
    this.dummy ??= this.hash('appdesk-dummy-password');
    await this.verify(await this.dummy, password);
  }
}
