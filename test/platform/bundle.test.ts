/**
 * The bundled server (scripts/bundle-server.ts), which is what `npm start` runs, started as
 * a process: every part that finds files beside the code or loads on demand still works
 * from one minified file. The console and the argon2 worker's script (platform/), the
 * packages left external (Swagger UI's files, piscina's worker, the database driver), a
 * chunk loaded on demand (the settings compiler), a provider call, and the request log
 * flushed at SIGTERM. And, as `npm start` builds at every start, the bundle is written
 * again only when its inputs or the file it wrote changed.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleIfChanged } from '../../scripts/bundle-server.js';
import { CONSOLE_DIR } from '../helpers/browser.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { call, startServer, type ServerProcess } from '../helpers/server-process.js';
import { EVENT_MS, processTimeout, until } from '../helpers/wait.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the bundled server', () => {
  // Inside the repository, so that the external packages resolve from its node_modules.
  const cache = join(ROOT, 'node_modules/.cache');
  let out: string;
  let database: TestDatabase;
  let sms: Receiver;
  let server: ServerProcess;
  let chunks: number;

  beforeAll(async () => {
    mkdirSync(cache, { recursive: true });
    out = mkdtempSync(join(cache, 'appdesk-bundle-'));
    ({ chunks } = (await bundleIfChanged(out))!);
    // The layout `npm run build` leaves: tsc's platform/ beside the bundle, the console in console/.
    mkdirSync(join(out, 'platform'));
    cpSync(join(ROOT, 'src/platform/argon2-worker.cjs'), join(out, 'platform/argon2-worker.cjs'));
    symlinkSync(CONSOLE_DIR, join(out, 'console'));
    database = await createTestDatabase();
    sms = await startReceiver();
    server = await startServer(
      {
        DATABASE_URL: database.url,
        LOG_LEVEL: 'info',
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: sms.url,
        SMS_TIMEOUT_MS: String(EVENT_MS),
      },
      join(out, 'server.js'),
    );
  }, processTimeout());
  afterAll(async () => {
    await server?.stop();
    await sms?.close();
    await database?.drop();
    if (out) rmSync(out, { recursive: true, force: true });
  }, EVENT_MS);

  it('is one file, with what loads on demand in chunks of its own, and names kept', () => {
    expect(readdirSync(out).filter((f) => f.endsWith('.js'))).toEqual(['server.js']);
    // Stack traces and error types in the log read as in the source.
    const text = readFileSync(join(out, 'server.js'), 'utf8');
    expect(text.includes('function toAppError(err,req)')).toBe(true);
    expect(text.includes('__name(')).toBe(false);
    expect(chunks).toBeGreaterThan(0);
    expect(readdirSync(join(out, 'chunks')).filter((f) => f.endsWith('.js'))).toHaveLength(chunks);
  });

  it('serves the API, its OpenAPI document, Swagger UI and the console', async () => {
    expect((await call(server.url, 'GET', '/healthz')).body.code).toBe(0);
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/personal/info');
    const docs = await fetch(`${server.url}/docs/static/index.html`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const consolePage = await fetch(`${server.url}/admin/`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<div id="root">');
  });

  it('hashes on its argon2 thread, and loads the settings compiler on demand', { timeout: EVENT_MS }, async () => {
    const login = await call(server.url, 'POST', '/admin/api/auth/login', { username: 'admin', password: 'admin-password' });
    expect(login.body.code).toBe(0);
    const admin = { authorization: `Token ${login.body.data.access_token as string}` };
    const wrong = await call(server.url, 'PUT', '/admin/api/apps/_default', { sms_config: { provider: 'pigeon' } }, admin);
    expect(wrong.body.code).toBe(10005);
    const right = await call(
      server.url,
      'PUT',
      '/admin/api/apps/_default',
      { push_config: { webhook_url: 'http://127.0.0.1:9/push' } },
      admin,
    );
    expect(right.body.code).toBe(0);
  });

  it('sends a verification code through its provider', { timeout: EVENT_MS }, async () => {
    const sent = await call(server.url, 'POST', '/api/auth/send_code', { account: '13900000001' });
    expect(sent.body.code).toBe(0);
    await until(() => sms.requests.length > 0, EVENT_MS);
    expect(JSON.stringify(sms.requests[0]!.body)).toContain('13900000001');
  });

  it('writes every request line before it exits at SIGTERM', { timeout: EVENT_MS }, async () => {
    expect((await call(server.url, 'GET', '/api/faq')).body.code).toBe(0);
    expect(await server.stop('SIGTERM')).toBe(0);
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; route?: string });
    expect(lines.filter((l) => l.msg === 'request').length).toBeGreaterThanOrEqual(7);
    expect(lines.some((l) => l.msg === 'request' && l.route === '/api/faq')).toBe(true);
    expect(existsSync(join(out, 'server.js.map'))).toBe(true);
  });

  it('is not written again while nothing changed, and is when the file it wrote was replaced', { timeout: EVENT_MS }, async () => {
    const file = join(out, 'server.js');
    const before = statSync(file).mtimeMs;
    expect(await bundleIfChanged(out)).toBeUndefined();
    expect(statSync(file).mtimeMs).toBe(before);
    // What tsc leaves when it re-emits src/server.ts.
    writeFileSync(file, 'export {};\n');
    expect(await bundleIfChanged(out)).toEqual({ bytes: expect.any(Number), chunks });
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(1_000_000);
  });
});
