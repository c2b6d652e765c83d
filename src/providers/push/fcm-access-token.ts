/**
 * OAuth2 access tokens for a Google service account (RFC 7523 jwt-bearer grant): an RS256
 * assertion signed with the account's key is exchanged at its token_uri. One token serves
 * every send until shortly before it expires; concurrent callers share one exchange.
 */
import { httpRequest, type HttpAnswer } from '../../platform/http-client.js';
import { asRecord, parseJson } from '../../platform/json.js';
import { retryAfterMs } from './push-http.js';
import { createHash } from 'node:crypto';
import type { CryptoKey } from 'jose';
import { loadJose } from './jose.js';
import type { Clock } from '../../platform/clock.js';
import { pemText } from './pem.js';
import { PushConfigurationError, RetryablePushError } from './push-provider.js';

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
/** Renew this long before the token expires, so that no send carries a token about to lapse. */
const EARLY_RENEWAL_MS = 5 * 60_000;
const ASSERTION_LIFETIME_S = 3600;

export interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri: string;
}

/** push_config.fcm.service_account: the key file's JSON, as an object or as its text. */
export function parseServiceAccount(value: unknown): ServiceAccount {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw new PushConfigurationError('fcm.service_account is not valid JSON');
    }
  }
  if (typeof v !== 'object' || v === null) throw new PushConfigurationError('fcm.service_account is missing');
  const o = v as Record<string, unknown>;
  const text = (k: string) => (typeof o[k] === 'string' && o[k] !== '' ? o[k] : undefined);
  const project_id = text('project_id');
  const client_email = text('client_email');
  const private_key = text('private_key');
  if (!project_id || !client_email || !private_key) {
    throw new PushConfigurationError('fcm.service_account needs project_id, client_email and private_key');
  }
  return {
    project_id,
    client_email,
    private_key,
    private_key_id: text('private_key_id'),
    token_uri: text('token_uri') ?? GOOGLE_TOKEN_URI,
  };
}

interface Cached {
  token: string;
  renewAt: number;
}

export class FcmAccessTokens {
  private readonly tokens = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly keys = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  async get(account: ServiceAccount): Promise<string> {
    const key = cacheKey(account);
    const cached = this.tokens.get(key);
    if (cached && this.clock.now() < cached.renewAt) return cached.token;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.exchange(account, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** Forgets the token (the API refused it): the next get() exchanges a new one. */
  invalidate(account: ServiceAccount): void {
    this.tokens.delete(cacheKey(account));
  }

  private async exchange(account: ServiceAccount, key: string): Promise<string> {
    const iat = Math.floor(this.clock.now() / 1000);
    const { SignJWT } = await loadJose();
    const assertion = await new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(account.private_key_id ? { kid: account.private_key_id } : {}) })
      .setIssuer(account.client_email)
      .setAudience(account.token_uri)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ASSERTION_LIFETIME_S)
      .sign(await this.signingKey(account, key));
    let res: HttpAnswer;
    try {
      res = await httpRequest(account.token_uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
        timeoutMs: this.timeoutMs,
      });
    } catch (err) {
      throw new RetryablePushError(`FCM token exchange unreachable: ${(err as Error).message}`);
    }
    if (res.status === 429 || res.status >= 500) {
      throw new RetryablePushError(`FCM token exchange answered ${res.status}`, retryAfterMs(res.headers));
    }
    const body = asRecord(parseJson(res.text));
    if (!res.ok || typeof body.access_token !== 'string') {
      // invalid_grant / invalid_client / unauthorized_client: the key or account is refused.
      const detail = typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
      const reason = typeof body.error === 'string' ? `${body.error}${detail}` : '';
      throw new PushConfigurationError(`FCM token exchange refused the service account (${res.status}${reason ? ` ${reason}` : ''})`);
    }
    const lifetimeMs = (Number(body.expires_in) > 0 ? Number(body.expires_in) : 3600) * 1000;
    const now = this.clock.now();
    this.tokens.set(key, { token: body.access_token, renewAt: now + Math.max(lifetimeMs - EARLY_RENEWAL_MS, lifetimeMs / 2) });
    return body.access_token;
  }

  private signingKey(account: ServiceAccount, key: string): Promise<CryptoKey> {
    let k = this.keys.get(key);
    if (!k) {
      k = loadJose()
        .then(({ importPKCS8 }) => importPKCS8(pemText(account.private_key), 'RS256'))
        .catch(() => {
          this.keys.delete(key);
          throw new PushConfigurationError('fcm.service_account.private_key is not a PKCS#8 RSA key');
        });
      this.keys.set(key, k);
    }
    return k;
  }
}

/** Per account and key: a rotated key gets its own token. The key itself is never kept as a map key. */
function cacheKey(a: ServiceAccount): string {
  return createHash('sha256').update(`${a.client_email}\n${a.token_uri}\n${a.private_key}`).digest('hex');
}
