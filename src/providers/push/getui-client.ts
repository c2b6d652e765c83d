/**
 * Getui REST v2 calls for one app's credentials: the auth token (POST /auth, signed with
 * sha256(appkey + timestamp + mastersecret)) is cached per credentials until near its
 * expiry and sent in the `token` header; a token-expired answer (10001) renews it once and
 * repeats the call once. Answers that mean "later" (service starting, rate limits, 429,
 * 5xx) throw RetryablePushError; answers that mean "fix the settings" throw
 * PushConfigurationError; every other answer is returned for the caller to read.
 */
import { createHash } from 'node:crypto';
import type { PushSettings } from '../../modules/push/push-settings.js';
import { baseUrlOf, postJson, requiredText, retryAfterMs, type JsonAnswer } from './push-http.js';
import { PushConfigurationError, RetryablePushError } from './push-provider.js';

export const GETUI_DEFAULT_BASE_URL = 'https://restapi.getui.com/v2';

export interface GetuiCredentials {
  appId: string;
  appKey: string;
  masterSecret: string;
  baseUrl: string;
}

export interface GetuiAnswer {
  code: number;
  msg: string;
  data: unknown;
}

/** Getui's business codes (docs.getui.com/getui/server/rest_v2/code). */
export const GetuiCode = {
  Ok: 0,
  ServiceStarting: 2,
  WrongHost: 301,
  TokenExpired: 10001,
  Blacklisted: 10002,
  AuthRateExceeded: 10003,
  NoPermission: 10004,
  RateExceeded: 10005,
  BadParameter: 20001,
} as const;

const RETRY_LATER = new Set<number>([GetuiCode.ServiceStarting, GetuiCode.AuthRateExceeded, GetuiCode.RateExceeded]);
const CONFIGURATION = new Set<number>([GetuiCode.WrongHost, GetuiCode.Blacklisted, GetuiCode.NoPermission]);
/** Renew a token this long before Getui says it expires (its SDK uses one hour too). */
const RENEW_BEFORE_MS = 60 * 60_000;
const MAX_CACHED = 1000;

interface Token {
  token: string;
  renewAt: number;
}

export function getuiCredentialsOf(settings: PushSettings): GetuiCredentials {
  const section = settings.getui;
  if (!section) throw new PushConfigurationError('push_config.getui is not set');
  return {
    appId: requiredText(section, 'app_id', 'getui'),
    appKey: requiredText(section, 'app_key', 'getui'),
    masterSecret: requiredText(section, 'master_secret', 'getui'),
    baseUrl: baseUrlOf(section.base_url, GETUI_DEFAULT_BASE_URL, 'getui'),
  };
}

export function getuiSign(appKey: string, timestamp: string, masterSecret: string): string {
  return createHash('sha256')
    .update(appKey + timestamp + masterSecret, 'utf8')
    .digest('hex');
}

export class GetuiClient {
  private readonly tokens = new Map<string, Token>();
  /** One /auth in flight per credentials, however many batches wait for it. */
  private readonly authorising = new Map<string, Promise<Token>>();

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** POSTs `body` to {base_url}/{app_id}{path} with a valid token. */
  async call(creds: GetuiCredentials, path: string, body: unknown): Promise<GetuiAnswer> {
    const key = cacheKey(creds);
    let token = await this.token(creds, key);
    let answer = await this.post(creds, path, body, token.token);
    if (answer.code === GetuiCode.TokenExpired) {
      // Another batch may have renewed it meanwhile; only a token still cached is dropped.
      if (this.tokens.get(key) === token) this.tokens.delete(key);
      token = await this.token(creds, key);
      answer = await this.post(creds, path, body, token.token);
      if (answer.code === GetuiCode.TokenExpired) throw new PushConfigurationError('Getui refused a fresh auth token (10001)');
    }
    return answer;
  }

  private async token(creds: GetuiCredentials, key: string): Promise<Token> {
    const cached = this.tokens.get(key);
    if (cached && cached.renewAt > this.now()) return cached;
    let pending = this.authorising.get(key);
    if (!pending) {
      pending = this.authorise(creds).finally(() => this.authorising.delete(key));
      this.authorising.set(key, pending);
    }
    const token = await pending;
    if (this.tokens.size >= MAX_CACHED && !this.tokens.has(key)) this.tokens.delete(this.tokens.keys().next().value as string);
    this.tokens.set(key, token);
    return token;
  }

  private async authorise(creds: GetuiCredentials): Promise<Token> {
    const timestamp = String(this.now());
    const answer = await this.post(creds, '/auth', {
      sign: getuiSign(creds.appKey, timestamp, creds.masterSecret),
      timestamp,
      appkey: creds.appKey,
    });
    const data = answer.data as { token?: unknown; expire_time?: unknown } | undefined;
    if (answer.code !== GetuiCode.Ok || typeof data?.token !== 'string' || data.token === '')
      throw new PushConfigurationError(`Getui refused the credentials (${answer.code} ${answer.msg})`);
    const issued = this.now();
    const expires = Number(data.expire_time);
    // Tokens live a day; a short or missing expiry is renewed halfway through instead.
    const life = Number.isFinite(expires) && expires > issued ? expires - issued : 0;
    return { token: data.token, renewAt: issued + life - Math.min(RENEW_BEFORE_MS, life / 2) };
  }

  private async post(creds: GetuiCredentials, path: string, body: unknown, token?: string): Promise<GetuiAnswer> {
    const url = `${creds.baseUrl}/${encodeURIComponent(creds.appId)}${path}`;
    const res = await postJson(url, token === undefined ? {} : { token }, body, this.timeoutMs, 'Getui');
    const answer = answerOf(res);
    if (RETRY_LATER.has(answer.code) || res.status === 429 || res.status >= 500)
      throw new RetryablePushError(`Getui ${path} answered ${res.status} (${answer.code} ${answer.msg})`, retryAfterMs(res.headers));
    if (CONFIGURATION.has(answer.code))
      throw new PushConfigurationError(`Getui ${path} refused the app settings (${answer.code} ${answer.msg})`);
    return answer;
  }
}

/** Getui answers {code, msg, data} with most HTTP statuses; anything else reads as code -1. */
function answerOf(res: JsonAnswer): GetuiAnswer {
  const b = res.body as { code?: unknown; msg?: unknown; data?: unknown } | undefined;
  if (typeof b?.code !== 'number') return { code: -1, msg: `HTTP ${res.status}`, data: undefined };
  return { code: b.code, msg: typeof b.msg === 'string' ? b.msg : '', data: b.data };
}

function cacheKey(c: GetuiCredentials): string {
  return createHash('sha256').update([c.baseUrl, c.appId, c.appKey, c.masterSecret].join('\n')).digest('hex');
}
