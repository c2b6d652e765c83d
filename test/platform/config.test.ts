import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig, redactCredentials } from '../../src/config.js';
import { PROCESS_START_MS } from '../helpers/wait.js';

describe('loadConfig', () => {
  it('has the contract’s defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: 'sqlite:./data/appdesk.db',
      timezone: 'UTC',
      legacyHttp200: false,
      accessTokenTtlSeconds: 604800,
      refreshTokenTtlSeconds: 2592000,
      refreshReuseGraceSeconds: 10,
      codeTtlSeconds: 300,
      codeMaxAttempts: 5,
      codeSendIntervalSeconds: 60,
      codeDailyLimit: 10,
      codeIpHourlyLimit: 30,
      loginMaxFailures: 10,
      passwordMinLength: 8,
      smsProvider: 'log',
      smsTimeoutMs: 5000,
      emailProvider: 'log',
      emailFrom: 'appdesk <no-reply@localhost>',
      pushProvider: 'log',
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LEGACY_HTTP_200', 'maybe'],
    ['APPDESK_TIMEZONE', 'Mars/Base'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'not a url'],
    ['SMS_PROVIDER', 'pigeon'],
    ['CODE_TTL_SECONDS', '-5'],
    ['PUSH_PROVIDER', 'carrier'],
    ['PUBLIC_URL', 'ftp://cdn.example.com'],
    ['PUBLIC_URL', 'not a url'],
    ['PUBLIC_URL', 'https://cdn.example.com/?x=1'],
  ])('stops on %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrowError(new RegExp(name));
  });

  it('checks APPDESK_TIMEZONE through Intl, except the default UTC (ICU’s zone data stays unloaded)', () => {
    const spy = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      expect(loadConfig({}).timezone).toBe('UTC');
      expect(loadConfig({ APPDESK_TIMEZONE: 'UTC' }).timezone).toBe('UTC');
      expect(spy).not.toHaveBeenCalled();
      expect(loadConfig({ APPDESK_TIMEZONE: 'Asia/Shanghai' }).timezone).toBe('Asia/Shanghai');
      expect(spy).toHaveBeenCalled();
      expect(() => loadConfig({ APPDESK_TIMEZONE: 'utc/nowhere' })).toThrow(ConfigError);
    } finally {
      spy.mockRestore();
    }
  });

  it('takes PUBLIC_URL without its trailing slash', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://api.example.com/' }).publicUrl).toBe('https://api.example.com');
  });

  it('needs the webhook and SMTP URLs with their providers', () => {
    expect(() => loadConfig({ SMS_PROVIDER: 'webhook' })).toThrowError(/SMS_WEBHOOK_URL/);
    expect(() => loadConfig({ EMAIL_PROVIDER: 'smtp' })).toThrowError(/SMTP_URL/);
    expect(() => loadConfig({ PUSH_PROVIDER: 'webhook' })).toThrowError(/PUSH_WEBHOOK_URL/);
  });
});

describe('start-up errors never show credentials', () => {
  it.each([
    ['SMTP_URL', 'smtp://mailer:s3cr3t-pw@@mail host:25'],
    ['DATABASE_URL', 'postgres://app:s3cr3t-pw@db:5432/x%zz'],
    ['DATABASE_URL', 'postgres://app:s3cr3t-pw%@db host:5432/x'],
    ['DATABASE_URL', 'mysql://app:s3cr3t-pw@db/app'],
    ['REDIS_URL', 'redis://:s3cr3t-pw@red is:6379'],
    ['SMS_WEBHOOK_URL', 'http://hook example/?token=s3cr3t-pw'],
  ])('%s=%s names the variable without the password', (name, value) => {
    let message = '';
    try {
      loadConfig({ [name]: value, SMS_PROVIDER: name === 'SMS_WEBHOOK_URL' ? 'webhook' : 'log' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(name);
    expect(message).not.toContain('s3cr3t-pw');
  });

  it('redacts user info and secret-looking parameters', () => {
    expect(redactCredentials('smtp://u:p@w@host:25/x')).toBe('smtp://***@host:25/x');
    expect(redactCredentials('https://h/path?a=1&token=abc&x=2')).toBe('https://h/path?a=1&token=***&x=2');
  });

  it('EMAIL_TIMEOUT_MS is its own setting', () => {
    expect(loadConfig({}).emailTimeoutMs).toBe(10000);
    expect(loadConfig({ EMAIL_TIMEOUT_MS: '250', SMS_TIMEOUT_MS: '9000' }).emailTimeoutMs).toBe(250);
    expect(() => loadConfig({ EMAIL_TIMEOUT_MS: '0' })).toThrowError(/EMAIL_TIMEOUT_MS/);
  });
});

describe('server start-up', () => {
  it('exits non-zero naming a malformed variable', async () => {
    const run = promisify(execFile);
    const err = await run(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: 'abc' },
      timeout: PROCESS_START_MS,
    }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain('PORT');
  }, 240_000);
});
