/**
 * Configuration: every environment variable appdesk reads is read here, once, and validated.
 * A malformed value stops start-up with a message naming the variable (ConfigError).
 */

import { isIP } from 'node:net';
import { maskUrlText } from './platform/url-credentials.js';
import { parseEncryptionKey } from './platform/secret-box.js';

export const SMS_PROVIDERS = ['log', 'webhook', 'aliyun', 'tencent', 'twilio'] as const;
export type SmsProviderName = (typeof SMS_PROVIDERS)[number];
export type EmailProviderName = 'log' | 'smtp';
export const PUSH_PROVIDERS = ['log', 'webhook', 'getui', 'jpush', 'fcm', 'apns'] as const;
export type PushProviderName = (typeof PUSH_PROVIDERS)[number];

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  redisUrl: string | undefined;
  /** Prefix of every Redis key appdesk writes (several deployments can share one Redis). */
  redisPrefix: string;
  timezone: string;
  legacyHttp200: boolean;
  /**
   * Whose X-Forwarded-For to believe: false (nobody), true (every hop: only behind a proxy
   * that overwrites the header), or the proxies' addresses/CIDRs, so that the client IP is
   * the nearest address not in the list and a client-sent header cannot fake it.
   */
  trustProxy: boolean | string[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  refreshReuseGraceSeconds: number;
  codeTtlSeconds: number;
  codeMaxAttempts: number;
  codeSendIntervalSeconds: number;
  codeDailyLimit: number;
  codeIpHourlyLimit: number;
  loginMaxFailures: number;
  loginFailureWindowSeconds: number;
  passwordMinLength: number;
  /** code_login registers unknown accounts (without a password). */
  codeLoginRegisters: boolean;
  smsProvider: SmsProviderName;
  smsWebhookUrl: string | undefined;
  /**
   * The environment's settings of a real SMS provider (aliyun, tencent, twilio), keyed as
   * in sms_config (SPEC section 8: the variable without its prefix, lower-cased); {} otherwise.
   */
  smsSettings: Record<string, string>;
  smsTimeoutMs: number;
  emailProvider: EmailProviderName;
  smtpUrl: string | undefined;
  emailFrom: string;
  emailTimeoutMs: number;
  pushProvider: PushProviderName;
  pushWebhookUrl: string | undefined;
  pushTimeoutMs: number;
  adminUsername: string | undefined;
  adminPassword: string | undefined;
  managerTokenTtlSeconds: number;
  /** Run the push delivery worker inside the API process. */
  worker: boolean;
  metricsToken: string | undefined;
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
  dbStatementTimeoutMs: number;
  requestTimeoutMs: number;
  logLevel: string;
  /** argon2id memory cost in KiB; lowered only by tests. */
  argon2MemoryKib: number;
  argon2TimeCost: number;
  /** Hashes running at once; undefined: one core left to the event loop. */
  argon2Concurrency: number | undefined;
  // Provider secrets at rest (SPEC section 8).
  /** APPDESK_ENCRYPTION_KEY: 32 bytes sealing provider secrets (AES-256-GCM); unset: stored in clear. */
  encryptionKey: Buffer | undefined;
  /** PUBLIC_URL: base of absolute URLs handed out (avatars), without a trailing slash; unset: built from the request. */
  publicUrl: string | undefined;
  /** CONSOLE_DIR: the built operator console served at /admin; unset: dist/console next to the server. */
  consoleDir: string | undefined;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

function optional(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

function int(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: a boolean, or a comma-separated list of addresses, CIDRs and PROXY_RANGES names. */
function trustProxy(env: Env): boolean | string[] {
  const raw = optional(env, 'TRUST_PROXY');
  if (raw === undefined || !/[.:/]|local|loopback/i.test(raw)) return bool(env, 'TRUST_PROXY', false);
  const list = raw.split(',').map((s) => s.trim());
  for (const item of list) {
    const [addr = '', bits, extra] = item.split('/');
    const family = isIP(addr);
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!PROXY_RANGES.includes(item.toLowerCase()) && (family === 0 || !bitsOk || extra !== undefined)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be true, false or a list of proxy addresses, CIDRs or ${PROXY_RANGES.join('/')}, got "${item}"`,
      );
    }
  }
  return list.map((item) => (PROXY_RANGES.includes(item.toLowerCase()) ? item.toLowerCase() : item));
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = str(env, name, fallback);
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${redactCredentials(raw)}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  try {
    // Drivers decode these later; a bad escape would otherwise surface as a raw URIError.
    decodeURIComponent(parsed.username);
    decodeURIComponent(parsed.password);
    decodeURIComponent(parsed.pathname);
  } catch {
    throw new ConfigError(name, `has a malformed %-escape in "${redactCredentials(raw)}"`);
  }
  return raw;
}

/** A URL as it may be shown in a start-up error: credentials masked even when it does not parse. */
export function redactCredentials(raw: string): string {
  return maskUrlText(raw, '***');
}

/** SPEC section 8: each real SMS provider's variables; the endpoint/base URL has a default. */
const SMS_VARIABLES: Record<string, { prefix: string; required: string[]; optional: string[]; url: string }> = {
  aliyun: {
    prefix: 'ALIYUN_SMS_',
    required: ['ACCESS_KEY_ID', 'ACCESS_KEY_SECRET', 'SIGN_NAME', 'TEMPLATE_CODE'],
    optional: [],
    url: 'ENDPOINT',
  },
  tencent: {
    prefix: 'TENCENT_SMS_',
    required: ['SECRET_ID', 'SECRET_KEY', 'SDK_APP_ID', 'SIGN_NAME', 'TEMPLATE_ID'],
    optional: ['REGION'],
    url: 'ENDPOINT',
  },
  twilio: { prefix: 'TWILIO_', required: ['ACCOUNT_SID', 'AUTH_TOKEN', 'FROM'], optional: [], url: 'BASE_URL' },
};

/**
 * The chosen provider's variables as sms_config keys. Every provider's URL is checked even
 * when another provider is chosen, so that a typo does not wait for the day it is switched on.
 */
function smsSettings(env: Env, provider: SmsProviderName): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, vars] of Object.entries(SMS_VARIABLES)) {
    const endpoint = url(env, vars.prefix + vars.url, ['http:', 'https:']);
    if (name !== provider) continue;
    for (const key of vars.required) {
      const value = optional(env, vars.prefix + key);
      if (value === undefined) throw new ConfigError(vars.prefix + key, `is required when SMS_PROVIDER=${provider}`);
      out[key.toLowerCase()] = value;
    }
    for (const key of vars.optional) {
      const value = optional(env, vars.prefix + key);
      if (value !== undefined) out[key.toLowerCase()] = value;
    }
    if (endpoint !== undefined) out[vars.url.toLowerCase()] = endpoint;
  }
  return out;
}

/** An http(s) base URL: no query or fragment, short enough for the URLs built on it (avatars hold 512). */
function publicUrl(env: Env, name: string): string | undefined {
  const raw = url(env, name, ['http:', 'https:']);
  if (raw === undefined) return undefined;
  const parsed = new URL(raw);
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(name, 'must not carry credentials, a query or a fragment');
  }
  if (raw.length > 256) throw new ConfigError(name, 'must be at most 256 characters');
  return raw.replace(/\/+$/, '');
}

function timezone(env: Env, name: string): string {
  const tz = str(env, name, 'UTC');
  // The default needs no check, and checking it would load ICU's calendar and zone data
  // (about 9 MB resident) into a server that, in UTC, never formats a date through Intl.
  if (tz === 'UTC') return tz;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ConfigError(name, `must be an IANA time zone name, got "${tz}"`);
  }
  return tz;
}

function databaseUrl(env: Env): string {
  const v = str(env, 'DATABASE_URL', 'sqlite:./data/appdesk.db');
  if (v.startsWith('sqlite:') && v.length > 'sqlite:'.length) return v;
  if (/^postgres(ql)?:\/\//.test(v)) {
    url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
    return v;
  }
  throw new ConfigError('DATABASE_URL', `must be sqlite:PATH or postgres://..., got "${redactCredentials(v)}"`);
}

function encryptionKey(env: Env, name: string): Buffer | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  const key = parseEncryptionKey(raw);
  if (!key) throw new ConfigError(name, 'must be 32 bytes, as 64 hex digits or base64');
  return key;
}

export function loadConfig(env: Env = process.env): Config {
  const smsProvider = oneOf<SmsProviderName>(env, 'SMS_PROVIDER', SMS_PROVIDERS, 'log');
  const smsWebhookUrl = url(env, 'SMS_WEBHOOK_URL', ['http:', 'https:']);
  if (smsProvider === 'webhook' && !smsWebhookUrl) throw new ConfigError('SMS_WEBHOOK_URL', 'is required when SMS_PROVIDER=webhook');
  const emailProvider = oneOf<EmailProviderName>(env, 'EMAIL_PROVIDER', ['log', 'smtp'], 'log');
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  if (emailProvider === 'smtp' && !smtpUrl) throw new ConfigError('SMTP_URL', 'is required when EMAIL_PROVIDER=smtp');
  const pushProvider = oneOf<PushProviderName>(env, 'PUSH_PROVIDER', PUSH_PROVIDERS, 'log');
  const pushWebhookUrl = url(env, 'PUSH_WEBHOOK_URL', ['http:', 'https:']);
  if (pushProvider === 'webhook' && !pushWebhookUrl) throw new ConfigError('PUSH_WEBHOOK_URL', 'is required when PUSH_PROVIDER=webhook');
  const adminUsername = optional(env, 'APPDESK_ADMIN_USERNAME');
  const adminPassword = optional(env, 'APPDESK_ADMIN_PASSWORD');
  if ((adminUsername === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError(adminUsername ? 'APPDESK_ADMIN_PASSWORD' : 'APPDESK_ADMIN_USERNAME', 'must be set together with its pair');
  }
  const passwordMinLength = int(env, 'PASSWORD_MIN_LENGTH', 8, 1, 128);
  if (adminPassword !== undefined && adminPassword.length < passwordMinLength) {
    throw new ConfigError('APPDESK_ADMIN_PASSWORD', `must be at least ${passwordMinLength} characters`);
  }

  return {
    host: str(env, 'HOST', '127.0.0.1'),
    port: int(env, 'PORT', 8080, 0, 65535),
    databaseUrl: databaseUrl(env),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: str(env, 'REDIS_PREFIX', 'appdesk:'),
    timezone: timezone(env, 'APPDESK_TIMEZONE'),
    legacyHttp200: bool(env, 'LEGACY_HTTP_200', false),
    trustProxy: trustProxy(env),
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 604800, 1),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 2592000, 1),
    refreshReuseGraceSeconds: int(env, 'REFRESH_REUSE_GRACE_SECONDS', 10, 0),
    codeTtlSeconds: int(env, 'CODE_TTL_SECONDS', 300, 1),
    codeMaxAttempts: int(env, 'CODE_MAX_ATTEMPTS', 5, 1),
    codeSendIntervalSeconds: int(env, 'CODE_SEND_INTERVAL_SECONDS', 60, 0),
    codeDailyLimit: int(env, 'CODE_DAILY_LIMIT', 10, 1),
    codeIpHourlyLimit: int(env, 'CODE_IP_HOURLY_LIMIT', 30, 1),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 10, 1),
    loginFailureWindowSeconds: int(env, 'LOGIN_FAILURE_WINDOW_SECONDS', 900, 1),
    passwordMinLength,
    codeLoginRegisters: bool(env, 'CODE_LOGIN_REGISTERS', false),
    smsProvider,
    smsWebhookUrl,
    smsSettings: smsSettings(env, smsProvider),
    smsTimeoutMs: int(env, 'SMS_TIMEOUT_MS', 5000, 1),
    emailProvider,
    smtpUrl,
    emailFrom: str(env, 'EMAIL_FROM', 'appdesk <no-reply@localhost>'),
    emailTimeoutMs: int(env, 'EMAIL_TIMEOUT_MS', 10000, 1),
    pushProvider,
    pushWebhookUrl,
    pushTimeoutMs: int(env, 'PUSH_TIMEOUT_MS', 10000, 1),
    adminUsername,
    adminPassword,
    managerTokenTtlSeconds: int(env, 'MANAGER_TOKEN_TTL_SECONDS', 43200, 1),
    worker: bool(env, 'APPDESK_WORKER', true),
    metricsToken: optional(env, 'METRICS_TOKEN'),
    dbPoolMax: int(env, 'DB_POOL_MAX', 10, 1, 1000),
    dbConnectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 5000, 1),
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 15000, 0),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30000, 1),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    argon2MemoryKib: int(env, 'ARGON2_MEMORY_KIB', 19456, 8),
    argon2TimeCost: int(env, 'ARGON2_TIME_COST', 2, 1),
    argon2Concurrency: env.ARGON2_CONCURRENCY ? int(env, 'ARGON2_CONCURRENCY', 1, 1, 256) : undefined,
    encryptionKey: encryptionKey(env, 'APPDESK_ENCRYPTION_KEY'),
    publicUrl: publicUrl(env, 'PUBLIC_URL'),
    consoleDir: optional(env, 'CONSOLE_DIR'),
  };
}

/** For entry points: the configuration, or exit 1 with the message naming the variable. */
export function loadConfigOrExit(env: Env = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
