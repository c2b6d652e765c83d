/**
 * A fetch for openapi-fetch that signs requests with the stored access token, sends the
 * app id and the locale, and rotates the token pair when the server answers 10004: one
 * refresh at a time per client (concurrent calls wait for the same one), then each call is
 * retried once with the new token. A refresh that loses a race to another (the old refresh
 * token within the server's grace window, or a pair already rotated here) is not a logout:
 * only a refresh the server refuses ends the session.
 */
import { AppdeskError } from './errors.js';
import type { TokenPair, TokenStorage } from './tokens.js';

export interface SessionFetchOptions {
  baseUrl: string;
  storage: TokenStorage;
  appId?: string;
  locale?: string;
  fetch?: typeof fetch;
}

const REFRESH_PATH = '/api/auth/refresh_token';
/** Calls that never carry the user's token (they mint it). */
const TOKENLESS = /\/api\/auth\/(send_code|check_code|register|access_token|refresh_token|reset_password|code_login)$/;

interface Envelope {
  code: number;
  message: string;
  data: unknown;
}

async function envelopeOf(res: Response): Promise<Envelope | undefined> {
  try {
    return (await res.clone().json()) as Envelope;
  } catch {
    return undefined;
  }
}

export function createSessionFetch(options: SessionFetchOptions): typeof fetch {
  const base = options.fetch ?? globalThis.fetch.bind(globalThis);
  let refreshing: Promise<TokenPair | null> | null = null;

  const refresh = (used: TokenPair): Promise<TokenPair | null> => {
    refreshing ??= (async () => {
      try {
        const current = await options.storage.get();
        // Another call rotated the pair while this one was in flight: use the newer pair.
        if (current && current.access_token !== used.access_token) return current;
        const res = await base(`${options.baseUrl.replace(/\/$/, '')}${REFRESH_PATH}`, {
          method: 'POST',
          headers: headers({ 'content-type': 'application/json' }),
          body: JSON.stringify({ refresh_token: used.refresh_token }),
        });
        const env = await envelopeOf(res);
        if (env?.code === 0) {
          const pair = env.data as TokenPair;
          await options.storage.set(pair);
          return pair;
        }
        if (env?.code === 10004 || env?.code === 10003) {
          await options.storage.set(null);
          return null;
        }
        throw new AppdeskError(env?.code ?? 10000, env?.message ?? `refresh failed with HTTP ${res.status}`, res.status);
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };

  function headers(extra: Record<string, string> = {}): Headers {
    const h = new Headers(extra);
    if (options.appId !== undefined) h.set('X-App-Id', options.appId);
    if (options.locale) h.set('Accept-Language', options.locale);
    return h;
  }

  return async (input, init) => {
    const request = new Request(input, init);
    if (options.appId !== undefined) request.headers.set('X-App-Id', options.appId);
    if (options.locale) request.headers.set('Accept-Language', options.locale);
    if (TOKENLESS.test(new URL(request.url).pathname)) return base(request);
    const pair = await options.storage.get();
    if (pair) request.headers.set('Authorization', `Token ${pair.access_token}`);
    const retry = pair ? request.clone() : undefined;
    const res = await base(request);
    if (!pair || !retry) return res;
    const env = await envelopeOf(res);
    if (env?.code !== 10004) return res;
    const fresh = await refresh(pair);
    if (!fresh) return res;
    retry.headers.set('Authorization', `Token ${fresh.access_token}`);
    return base(retry);
  };
}
