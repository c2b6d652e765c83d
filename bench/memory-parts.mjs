/**
 * `node --expose-gc bench/memory-parts.mjs` (after `npm run build`; plain JavaScript, so
 * that no TypeScript loader is counted): what each part
 * of appdesk adds to a process's memory, loaded in the order the server loads them, with the
 * V8 flags of `npm start`. Each line is the growth of the live JavaScript heap (after a full
 * GC) and of the resident set since the line before. The first import of a library also pays
 * for Node's own module loading code, and resident memory moves in pages and heap chunks, so
 * small RSS figures are rough; the heap column is exact. The app is built on a fresh SQLite
 * database (DATABASE_URL overrides). Figures are quoted in docs/benchmarks.md.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const gc = globalThis.gc;
if (!gc) throw new Error('run with node --expose-gc');

let last = { rss: 0, heap: 0 };
function line(part) {
  gc();
  gc();
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
  const heap = process.memoryUsage().heapUsed / 1048576;
  const d = (x) => (x >= 0 ? '+' : '') + x.toFixed(1);
  process.stdout.write(
    `${part.padEnd(44)} ${d(heap - last.heap).padStart(6)} MB heap ${d(rss - last.rss).padStart(7)} MB RSS   (${rss.toFixed(0)} MB)\n`,
  );
  last = { rss, heap };
}

line('node itself (and this script)');
for (const [part, modules] of [
  ['fastify', ['fastify']],
  ['pino', ['pino']],
  ['ajv and ajv-formats (request validation)', ['ajv', 'ajv-formats']],
  ['typebox (route schemas)', ['typebox']],
  ['kysely', ['kysely']],
  [
    process.env.DATABASE_URL?.startsWith('postgres') ? 'pg' : 'better-sqlite3',
    [process.env.DATABASE_URL?.startsWith('postgres') ? 'pg' : 'better-sqlite3'],
  ],
  ['libphonenumber-js', ['libphonenumber-js']],
  ['luxon, otpauth, ipaddr.js', ['luxon', 'otpauth', 'ipaddr.js']],
  ['prom-client', ['prom-client']],
  ['piscina', ['piscina']],
  ['@fastify/static, multipart, swagger, swagger-ui', ['@fastify/static', '@fastify/multipart', '@fastify/swagger', '@fastify/swagger-ui']],
]) {
  for (const m of modules) await import(m);
  line(part);
}
process.env.DATABASE_URL ??= `sqlite:${join(mkdtempSync(join(tmpdir(), 'appdesk-mem-')), 'db')}`;
process.env.SMS_PROVIDER ??= 'webhook';
process.env.SMS_WEBHOOK_URL ??= 'http://127.0.0.1:9/';
process.env.LOG_LEVEL ??= 'warn';
const { loadConfigOrExit } = await import('../dist/config.js');
const { createContainer } = await import('../dist/container.js');
const { buildApp } = await import('../dist/app.js');
line("appdesk's own code (dist/)");
const container = await createContainer(loadConfigOrExit());
line('container (database open, migrations run)');
const app = await buildApp(container);
await app.ready();
line('routes registered (schemas compile lazily)');
await app.listen({ host: '127.0.0.1', port: 0 });
line('listening');
// Loaded on first use, by an operator's first settings change and the first FCM or APNs push.
await import('typebox/compile');
line('typebox/compile (settings checks), on use');
await import('jose');
line('jose (FCM, APNs credentials), on use');
// ICU's calendar and zone data: only a zone other than the default UTC loads it.
new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai' }).format(Date.now());
line('Intl with a time zone (APPDESK_TIMEZONE not UTC)');
// Not used by appdesk (providers go through platform/http-client.ts): what it would cost.
await fetch(app.listeningOrigin + '/healthz').then((r) => r.text());
line('fetch (undici), were it used');
const hasher = container.hasher;
await hasher.hash('a password to hash');
line('an argon2id thread, after one hash');
await hasher.releaseThreads?.();
line('that thread released');
await app.close();
await container.close();
