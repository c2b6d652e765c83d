/**
 * npm run bench:fanout: one push to every device of an app, through the webhook provider
 * and through FCM HTTP v1 (a local fake speaking its protocol over TLS and HTTP/2), at
 * 10,000 and 100,000 devices. Prints devices per second and the server's peak RSS for each
 * run, writes bench/fanout.json and checks the targets (PASS/MISS). Never run in CI.
 *
 * Each run gets a fresh SQLite database: the bindings are written straight into it (binding
 * is not what is measured), then a server process (dist/server.js, the configuration users
 * run) delivers the push with its in-process worker while this process times it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tlsSetup from '../test/helpers/tls-global-setup.js';
import { startFakeFcm } from '../test/helpers/fake-fcm.js';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { cpuTicks, freePort, rssPeakMb, settle, startAsNpmStart, stop, waitHttp } from './process.js';

/** `--sizes 2000,20000` for a quick run; the targets compare the smallest and the largest. */
const sizesArg = process.argv.indexOf('--sizes');
const SIZES = sizesArg > 0 ? process.argv[sizesArg + 1]!.split(',').map(Number) : [10_000, 100_000];
const SMALL = Math.min(...SIZES);
const LARGE = Math.max(...SIZES);
const ALL_PROVIDERS = ['webhook', 'fcm'] as const;
type Provider = (typeof ALL_PROVIDERS)[number];
/** `--providers fcm` runs one provider only (the targets of the others are not checked). */
const providersArg = process.argv.indexOf('--providers');
const PROVIDERS: Provider[] = providersArg > 0 ? (process.argv[providersArg + 1]!.split(',') as Provider[]) : [...ALL_PROVIDERS];
/** Extra node flags for the server (`FANOUT_NODE_FLAGS='--trace-gc'`), its output kept in `FANOUT_LOG_DIR`. */
const NODE_FLAGS = (process.env.FANOUT_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const LOG_DIR = process.env.FANOUT_LOG_DIR;

interface Result {
  provider: Provider;
  devices: number;
  seconds: number;
  devices_per_s: number;
  peak_rss_mb: number;
  /** The server's CPU time per device (user + system, GC threads included): steadier than wall time on a shared machine. */
  cpu_us_per_device: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function api(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Token ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const env = (await res.json()) as { code: number; data: any };
  if (env.code !== 0) throw new Error(`${method} ${path}: ${JSON.stringify(env)}`);
  return env.data;
}

async function seedBindings(url: string, provider: Provider, devices: number): Promise<void> {
  const handle = createDatabase(url);
  await migrateToLatest(handle.db);
  const now = Date.now();
  const rows = [];
  for (let i = 0; i < devices; i++) {
    rows.push({
      app_id: '',
      user_id: 1 + (i % 5000),
      client_id: `bench-${i}`,
      client_type: 'android',
      provider,
      switch: 1,
      created_at: now,
      updated_at: now,
    });
    if (rows.length === 1000) await handle.db.insertInto('push_bindings').values(rows.splice(0)).execute();
  }
  if (rows.length) await handle.db.insertInto('push_bindings').values(rows).execute();
  await handle.close();
}

async function main(): Promise<void> {
  const cleanupTls = tlsSetup();
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fcm = await startFakeFcm({ publicKey, clientEmail: 'bench@appdesk.iam', projectId: 'bench', now: () => Date.now() });
  const hookPort = await freePort();
  const hook = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((r) => hook.listen(hookPort, '127.0.0.1', r));
  const serviceAccount = {
    type: 'service_account',
    project_id: 'bench',
    client_email: 'bench@appdesk.iam',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    token_uri: fcm.tokenUri,
  };

  const results: Result[] = [];
  for (const provider of PROVIDERS) {
    for (const devices of SIZES) {
      const dir = mkdtempSync(join(tmpdir(), 'appdesk-fanout-'));
      const databaseUrl = `sqlite:${join(dir, 'fanout.db')}`;
      await seedBindings(databaseUrl, provider, devices);
      const port = await freePort();
      const server = startAsNpmStart(
        'dist/server.js',
        {
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          LOG_LEVEL: 'warn',
          PUSH_PROVIDER: 'webhook',
          PUSH_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/`,
          APPDESK_ADMIN_USERNAME: 'bench-admin',
          APPDESK_ADMIN_PASSWORD: 'bench-admin-password',
          APPDESK_WORKER: 'true',
        },
        NODE_FLAGS,
      );
      const base = `http://127.0.0.1:${port}`;
      try {
        await waitHttp(`${base}/healthz`, server.proc, server.out);
        const admin = (await api(base, 'POST', '/admin/api/auth/login', { username: 'bench-admin', password: 'bench-admin-password' }))
          .access_token;
        if (provider === 'fcm') {
          await api(
            base,
            'PUT',
            '/admin/api/apps/_default',
            { push_config: { android_provider: 'fcm', fcm: { service_account: serviceAccount, base_url: fcm.url } } },
            admin,
          );
        }
        await settle(server.proc.pid!);
        const startTicks = cpuTicks(server.proc.pid!);
        const started = performance.now();
        const push = await api(
          base,
          'POST',
          '/admin/api/push',
          { push_title: 'fan-out', push_body: `to ${devices} devices`, push_scope: 0 },
          admin,
        );
        let state = push;
        let lastShown = 0;
        while (state.push_status === 0) {
          await new Promise((r) => setTimeout(r, 100));
          state = await api(base, 'GET', `/admin/api/push/${push.id}`, undefined, admin);
          const done = state.sent + state.failed;
          if (performance.now() - lastShown > 2000) {
            lastShown = performance.now();
            log(`  ${provider} ${devices}: ${done}/${devices} delivered`);
          }
        }
        const seconds = (performance.now() - started) / 1000;
        const cpuSeconds = (cpuTicks(server.proc.pid!) - startTicks) / 100;
        if (state.sent !== devices) throw new Error(`${provider} ${devices}: sent ${state.sent}, failed ${state.failed}`);
        const result = {
          provider,
          devices,
          seconds: Number(seconds.toFixed(2)),
          devices_per_s: Math.round(devices / seconds),
          peak_rss_mb: rssPeakMb(server.proc.pid!),
          cpu_us_per_device: Math.round((cpuSeconds * 1e6) / devices),
        };
        results.push(result);
        log(
          `${provider.padEnd(8)} ${String(devices).padStart(7)} devices  ${result.seconds.toFixed(2).padStart(7)} s  ${String(result.devices_per_s).padStart(7)} devices/s  peak RSS ${result.peak_rss_mb} MB  CPU ${result.cpu_us_per_device} µs/device`,
        );
      } finally {
        await stop(server.proc);
        if (LOG_DIR) writeFileSync(join(LOG_DIR, `${provider}-${devices}.log`), server.out(Infinity));
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  await fcm.close();
  hook.close();
  cleanupTls?.();

  const at = (p: Provider, n: number) => results.find((r) => r.provider === p && r.devices === n)!;
  const speed = { webhook: 20_000, fcm: 5_000 } as const;
  const targets = [
    ...PROVIDERS.map((p) => ({
      name: `${p} ≥ ${speed[p].toLocaleString('en')} devices/s at ${LARGE}`,
      pass: at(p, LARGE).devices_per_s >= speed[p],
    })),
    ...PROVIDERS.map((p) => ({
      name: `${p}: peak RSS at ${LARGE} ≤ ${SMALL} run + 50 MB (${at(p, SMALL).peak_rss_mb} → ${at(p, LARGE).peak_rss_mb} MB)`,
      pass: at(p, LARGE).peak_rss_mb <= at(p, SMALL).peak_rss_mb + 50,
    })),
  ];
  for (const t of targets) log(`${t.pass ? 'PASS' : 'MISS'} ${t.name}`);
  writeFileSync('bench/fanout.json', JSON.stringify({ results, targets }, null, 2) + '\n');
  log('wrote bench/fanout.json');
}

await main();
