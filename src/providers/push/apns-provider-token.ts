/**
 * APNs provider authentication tokens: an ES256 JWT {alg, kid: key id}{iss: team id, iat}
 * signed with the team's .p8 key. Apple refuses tokens older than an hour
 * (ExpiredProviderToken) and tokens renewed more often than every 20 minutes
 * (TooManyProviderTokenUpdates), so one token serves every request for REUSE_MS.
 */
import { createHash } from 'node:crypto';
import type { CryptoKey } from 'jose';
import { loadJose } from './jose.js';
import type { Clock } from '../../platform/clock.js';
import { pemText } from './pem.js';
import { PushConfigurationError } from './push-provider.js';

/** Between Apple's 20-minute floor and its 60-minute ceiling, with room for clock skew. */
export const REUSE_MS = 40 * 60_000;

export interface ApnsKey {
  team_id: string;
  key_id: string;
  private_key: string;
}

interface Minted {
  token: string;
  mintedAt: number;
}

export class ApnsProviderTokens {
  private readonly current = new Map<string, Minted>();
  /** Mints under way, so that concurrent callers share one. */
  private readonly minting = new Map<string, Promise<Minted>>();
  private readonly keys = new Map<string, Promise<CryptoKey>>();

  constructor(private readonly clock: Clock) {}

  async get(key: ApnsKey): Promise<string> {
    const id = cacheKey(key);
    const cached = this.current.get(id);
    if (cached && this.clock.now() - cached.mintedAt < REUSE_MS) return cached.token;
    let pending = this.minting.get(id);
    if (!pending) {
      pending = this.mint(key, id)
        .then((m) => {
          this.current.set(id, m);
          return m;
        })
        .finally(() => this.minting.delete(id));
      this.minting.set(id, pending);
    }
    return (await pending).token;
  }

  /** APNs answered ExpiredProviderToken for `token`: the next get() mints a new one. */
  invalidate(key: ApnsKey, token: string): void {
    const id = cacheKey(key);
    if (this.current.get(id)?.token === token) this.current.delete(id);
  }

  private async mint(key: ApnsKey, id: string): Promise<Minted> {
    const now = this.clock.now();
    const { SignJWT } = await loadJose();
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: key.key_id })
      .setIssuer(key.team_id)
      .setIssuedAt(Math.floor(now / 1000))
      .sign(await this.signingKey(key, id));
    return { token, mintedAt: now };
  }

  private signingKey(key: ApnsKey, id: string): Promise<CryptoKey> {
    let k = this.keys.get(id);
    if (!k) {
      k = loadJose()
        .then(({ importPKCS8 }) => importPKCS8(pemText(key.private_key), 'ES256'))
        .catch(() => {
          this.keys.delete(id);
          throw new PushConfigurationError('apns.private_key is not a .p8 (PKCS#8 P-256) key');
        });
      this.keys.set(id, k);
    }
    return k;
  }
}

/** Per team, key id and key; the key itself is never kept as a map key. */
function cacheKey(k: ApnsKey): string {
  return createHash('sha256').update(`${k.team_id}\n${k.key_id}\n${k.private_key}`).digest('hex');
}
