/**
 * What a started server has not loaded: TypeBox's compiler (app settings checks, loaded by an
 * operator's first settings change) and jose (FCM and APNs credentials, loaded by the first
 * such push). Each is a few MB of resident memory most servers never need
 * (docs/benchmarks.md, Memory). Nor does sending a verification code load Node's fetch
 * (undici, about 13 MB): providers are called through platform/http-client.ts. A child process builds the app on a fresh SQLite database with
 * a module hook that records every module resolved.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'appdesk-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const src = (path: string) => JSON.stringify(new URL(`../../src/${path}`, import.meta.url).href);

// Resolve hooks run on a thread of their own: they append each resolved URL to a file.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.RESOLVED_LOG, r.url + '\\n');
  return r;
}`;
const REGISTER = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));`;

/**
 * Builds the app, runs `then` with `container` and `app` in scope, and answers the modules
 * resolved before and after it. `setup` runs first, before the configuration is read.
 */
function resolvedAround(name: string, then: string, setup = ''): { started: string[]; after: string[] } {
  const log = join(dir, `${name}.log`);
  const mark = 'appdesk-lazy-test:started';
  const script = `${setup}
    const { loadConfig } = await import(${src('config.ts')});
    const { createContainer } = await import(${src('container.ts')});
    const { buildApp } = await import(${src('app.ts')});
    const container = await createContainer(loadConfig());
    const app = await buildApp(container);
    await app.ready();
    (await import('node:fs')).appendFileSync(process.env.RESOLVED_LOG, ${JSON.stringify(mark)} + '\\n');
    ${then}
    await app.close();
    await container.close();`;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, '--input-type=module', '-e', script],
    {
      encoding: 'utf8',
      env: { ...process.env, RESOLVED_LOG: log, DATABASE_URL: `sqlite:${join(dir, `${name}.db`)}`, LOG_LEVEL: 'warn', REDIS_URL: '' },
    },
  );
  expect(r.status, r.stderr).toBe(0);
  const lines = readFileSync(log, 'utf8').split('\n');
  const at = lines.indexOf(mark);
  expect(at, 'the app started').toBeGreaterThan(0);
  return { started: lines.slice(0, at), after: lines.slice(at + 1) };
}

const typeboxCompiler = (url: string) => url.includes('/node_modules/typebox/build/compile/');
const jose = (url: string) => url.includes('/node_modules/jose/');

describe('modules loaded on first use', () => {
  it('a started server has neither TypeBox compiler nor jose; the first settings change loads the compiler', { timeout: 120_000 }, () => {
    const { started, after } = resolvedAround(
      'settings',
      `await container.appSettings.prepare('', { push_config: { android_provider: 'log' } }, undefined).catch(() => undefined);`,
    );
    expect(started.length).toBeGreaterThan(100);
    expect(started.filter(typeboxCompiler)).toEqual([]);
    expect(started.filter(jose)).toEqual([]);
    expect(after.some(typeboxCompiler)).toBe(true);
  });

  it('sending a verification code through the SMS webhook does not load fetch (undici)', { timeout: 120_000 }, () => {
    const { after } = resolvedAround(
      'sms',
      `const r = await app.inject({ method: 'POST', url: '/api/auth/send_code', payload: { account: '13900001234' } });
      if (r.json().code !== 0) throw new Error(r.body);
      if (!received.includes('13900001234')) throw new Error('the webhook got no code: ' + received);
      const undici = process.moduleLoadList.filter((m) => m.includes('undici'));
      (await import('node:fs')).appendFileSync(process.env.RESOLVED_LOG, 'undici:' + JSON.stringify(undici) + '\\n');
      receiver.close();`,
      `const { createServer } = await import('node:http');
      let received = '';
      const receiver = createServer((req, res) => {
        req.on('data', (c) => (received += c));
        req.on('end', () => res.end('{}'));
      });
      await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
      process.env.SMS_PROVIDER = 'webhook';
      process.env.SMS_WEBHOOK_URL = 'http://127.0.0.1:' + receiver.address().port + '/sms';`,
    );
    expect(after).toContain('undici:[]');
  });
});
