/**
 * `npm run bench`: appdesk against a raw node:http baseline measured in the same run, with
 * autocannon on 127.0.0.1. Reports requests/s, p50, p99, errors and each workload's ratio
 * to the baseline; writes bench/results.json; exits 1 if any request failed.
 *
 *   npm run bench -- [--duration 10] [--connections 50] [--soak 300] [--only personal_info,faq_list]
 * On PostgreSQL too when TEST_DATABASE_URL is set (a schema of its own, dropped after).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    soak: { type: 'string' },
    /** Comma-separated workload names: measure only these (targets of the others show MISS). */
    only: { type: 'string' },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const FLOOD_PROBE_RATE = 2000;

interface Row {
  db: string;
  workload: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  ratio: number;
  /** The raw server's requests/s measured just before this workload. */
  baseline_rps: number;
}

function log(msg: string) {
  process.stderr.write(`[bench] ${msg}\n`);
}

async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitHttp(url: string, proc: ChildProcess, out: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`process exited: ${out()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`not up in time: ${url}\n${out()}`);
}

function start(args: string[], env: Record<string, string>): { proc: ChildProcess; out: () => string } {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-5000)));
  proc.stderr?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-5000)));
  return { proc, out: () => out };
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
}

interface Load {
  url: string;
  /** Requests/s over all connections (open loop); unset: as fast as the server answers. */
  rate?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  duration?: number;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Answers received inside the window, and the window's length in seconds. */
  count: number;
  seconds: number;
}

async function load(l: Load): Promise<Measured> {
  const result = await autocannon({
    url: l.url,
    method: l.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...l.headers },
    ...(l.body ? { body: l.body } : {}),
    connections: l.connections ?? CONNECTIONS,
    duration: l.duration ?? DURATION,
    ...(l.rate ? { overallRate: l.rate } : {}),
  });
  return measured(result);
}

/** What the bench keeps of an autocannon result (the library's, or its CLI's --json). */
interface AutocannonResult {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

function measured(r: AutocannonResult): Measured {
  return {
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    count: r.requests.total,
    seconds: r.duration,
  };
}

const AUTOCANNON_CLI = createRequire(import.meta.url).resolve('autocannon');

/**
 * The same load from a process of its own. A second autocannon in the bench's own event loop
 * delays the first one's reading of its answers: measured here, a login flood driven from
 * this process put personal_info's p99 at 24-25 ms, the same flood from another process at
 * 9-11 ms (5-6 ms without it), with the server's own event loop delay unchanged.
 */
async function loadElsewhere(l: Load): Promise<Measured> {
  const args = [
    AUTOCANNON_CLI,
    '--json',
    ...['-c', String(l.connections ?? CONNECTIONS), '-d', String(l.duration ?? DURATION), '-m', l.method ?? 'GET'],
    ...['-H', 'content-type=application/json', ...(l.body ? ['-b', l.body] : []), l.url],
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise((r) => child.once('exit', r));
  return measured(JSON.parse(out) as AutocannonResult);
}

/**
 * Slices of one measurement put together: rates over the whole time; latencies as the mean
 * of the slices' (slices of equal length: at a steady rate, equal shares of the answers).
 */
function combine(slices: Measured[]): Measured {
  const count = slices.reduce((n, m) => n + m.count, 0);
  const seconds = slices.reduce((n, m) => n + m.seconds, 0);
  return {
    rps: count / seconds,
    p50: slices.reduce((n, m) => n + m.p50, 0) / slices.length,
    p99: Number((slices.reduce((n, m) => n + m.p99, 0) / slices.length).toFixed(2)),
    errors: slices.reduce((n, m) => n + m.errors, 0),
    count,
    seconds,
  };
}

/**
 * A against B, interleaved A B B A A B B A, each slice a quarter of DURATION: the machine's
 * speed drifts (other tenants of the host, by up to 2x within a minute here), and this order
 * cancels a drift that is steady over the run. `settle` runs after each B slice, so that work
 * B left queued (logins still hashing) is not measured as part of A.
 */
async function interleaved(
  a: (seconds: number) => Promise<Measured>,
  b: (seconds: number) => Promise<Measured>,
  settle: () => Promise<void> = async () => undefined,
): Promise<{ a: Measured; b: Measured }> {
  const slice = DURATION / 4;
  const as: Measured[] = [];
  const bs: Measured[] = [];
  for (const first of ['a', 'b', 'b', 'a', 'a', 'b', 'b', 'a'] as const) {
    if (first === 'a') as.push(await a(slice));
    else {
      bs.push(await b(slice));
      await settle();
    }
  }
  return { a: combine(as), b: combine(bs) };
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Waits until the process is idle again (under 10% of a core over 200 ms), at most 15 s. */
async function settle(pid: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = cpuTicks(pid);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const now = cpuTicks(pid);
    if (now - last <= 2) return;
    last = now;
  }
}

async function api(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Token ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as { code: number; data: any };
  if (json.code !== 0) throw new Error(`${method} ${path} → ${JSON.stringify(json)}`);
  return json.data;
}

function rssPeakMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function startAppdesk(databaseUrl: string, smsUrl: string) {
  const port = await freePort();
  const env = {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    SMS_PROVIDER: 'webhook',
    SMS_WEBHOOK_URL: smsUrl,
    CODE_SEND_INTERVAL_SECONDS: '0',
    CODE_DAILY_LIMIT: '1000000',
    CODE_IP_HOURLY_LIMIT: '1000000',
    LOGIN_MAX_FAILURES: '1000000',
    // Refresh is measured by re-presenting one refresh token inside the grace window: each
    // call still looks the token up and inserts a new pair, as a rotation does.
    REFRESH_REUSE_GRACE_SECONDS: '100000',
    APPDESK_ADMIN_USERNAME: 'bench-admin',
    APPDESK_ADMIN_PASSWORD: 'bench-admin-password',
    APPDESK_WORKER: 'true',
  };
  const { proc, out } = start(['--enable-source-maps', '--max-semi-space-size=8', 'dist/server.js'], env);
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(`${base}/healthz`, proc, out);
  return { proc, base, out };
}

async function seed(base: string, codes: Map<string, string>) {
  const users: { token: string; refresh: string; phone: string }[] = [];
  for (let i = 0; i < 5; i++) {
    const phone = `1390000${String(1000 + i)}`;
    await api(base, 'POST', '/api/auth/send_code', { account: phone });
    const t = await api(base, 'POST', '/api/auth/register', { account: phone, code: codes.get(phone), password: 'bench-password-1' });
    users.push({ token: t.access_token, refresh: t.refresh_token, phone });
  }
  const admin = (await api(base, 'POST', '/admin/api/auth/login', { username: 'bench-admin', password: 'bench-admin-password' }))
    .access_token as string;
  for (let i = 0; i < 40; i++) {
    await api(base, 'POST', '/admin/api/faq', { title: `Question ${i}`, content: `Answer number ${i}. `.repeat(10), sort: i % 7 }, admin);
  }
  const pushIds: number[] = [];
  for (let i = 0; i < 5; i++)
    pushIds.push((await api(base, 'POST', '/admin/api/push', { push_title: `News ${i}`, push_body: 'b', push_scope: 0 }, admin)).id);
  await api(base, 'POST', '/api/feedback', { feedback_content: 'seed' }, users[0]!.token);
  // Let the in-process worker deliver the pushes so message counts see them.
  await new Promise((r) => setTimeout(r, 1500));
  return { users, pushIds };
}

async function benchDatabase(
  db: string,
  databaseUrl: string,
  raw: (seconds: number) => Promise<Measured>,
  codes: Map<string, string>,
  smsUrl: string,
  rows: Row[],
  extra: Record<string, unknown>,
) {
  log(`${db}: starting appdesk`);
  const { proc, base } = await startAppdesk(databaseUrl, smsUrl);
  try {
    const { users, pushIds } = await seed(base, codes);
    const u = users[0]!;
    const auth = { authorization: `Token ${u.token}` };
    const workloads: [string, Load][] = [
      ['personal_info', { url: `${base}/api/personal/info`, headers: auth }],
      ['faq_list', { url: `${base}/api/faq?page_size=20` }],
      [
        'feedback_create',
        {
          url: `${base}/api/feedback`,
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ feedback_content: 'The app crashes when I rotate the screen.' }),
        },
      ],
      [
        'login',
        { url: `${base}/api/auth/access_token`, method: 'POST', body: JSON.stringify({ account: u.phone, password: 'bench-password-1' }) },
      ],
      ['refresh', { url: `${base}/api/auth/refresh_token`, method: 'POST', body: JSON.stringify({ refresh_token: users[1]!.refresh }) }],
      // Another user than the one the feedback workload filled up: a typical inbox.
      [
        'message_count',
        {
          url: `${base}/api/message/count?push_ids=${pushIds.slice(0, 2).join(',')}`,
          headers: { authorization: `Token ${users[3]!.token}` },
        },
      ],
    ];
    const verifyAlone = async (seconds: number, env: Record<string, string> = {}): Promise<Measured> => {
      const alone = start(['--import', 'tsx', 'bench/argon2-alone.ts'], {
        SECONDS: String(seconds),
        CONCURRENCY: String(CONNECTIONS),
        ...env,
      });
      const out = await new Promise<string>((resolve) => alone.proc.once('exit', () => resolve(alone.out())));
      const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { count: number; seconds: number };
      return { rps: r.count / r.seconds, p50: 0, p99: 0, errors: 0, count: r.count, seconds: r.seconds };
    };
    const idle = () => settle(proc.pid!);
    const only = values.only?.split(',');
    for (const [name, l] of workloads) {
      if (only && !only.includes(name)) continue;
      log(`${db}: ${name}`);
      await load({ ...l, duration: 1 }); // the server's JIT warm-up for this route
      await idle();
      let r: Measured;
      let baseline: Measured;
      if (name === 'login') {
        // Logins are held to argon2id verifications alone with the server's hashing slots,
        // interleaved with them; the raw server is measured just before, for the ratio column.
        baseline = await raw(DURATION);
        const vs = await interleaved(
          (sec) => verifyAlone(sec),
          (sec) => load({ ...l, duration: sec }),
          idle,
        );
        r = vs.b;
        extra[`${db}_argon2_verify_rps`] = Number(vs.a.rps.toFixed(1));
        extra[`${db}_login_rps`] = Number(vs.b.rps.toFixed(1));
        // For reference: what every core would hash, with nothing else to serve.
        extra[`${db}_argon2_verify_rps_all_cores`] = Math.round(
          (await verifyAlone(Math.min(DURATION, 5), { HASH_CONCURRENCY: String(availableParallelism()) })).rps,
        );
      } else {
        const vs = await interleaved(raw, (sec) => load({ ...l, duration: sec }), idle);
        baseline = vs.a;
        r = vs.b;
      }
      log(`${db}: ${name}: ${Math.round(r.rps)} req/s, raw server ${Math.round(baseline.rps)} req/s`);
      rows.push({
        db,
        workload: name,
        rps: Math.round(r.rps),
        p50_ms: Number(r.p50.toFixed(2)),
        p99_ms: r.p99,
        errors: r.errors,
        ratio: Number((r.rps / baseline.rps).toFixed(3)),
        baseline_rps: Math.round(baseline.rps),
      });
    }

    // Responsiveness, not saturation: the same steady 2,000 req/s of personal_info with and
    // without 40 connections of logins hammering argon2id. (At full speed p99 would only
    // measure the queue the load generator builds itself.)
    log(`${db}: personal_info p99 at ${FLOOD_PROBE_RATE} req/s, without and with a login flood`);
    const probe: Load = { url: `${base}/api/personal/info`, headers: auth, connections: 10, rate: FLOOD_PROBE_RATE };
    const floods: Measured[] = [];
    const flood = (sec: number) =>
      loadElsewhere({
        url: `${base}/api/auth/access_token`,
        method: 'POST',
        body: JSON.stringify({ account: users[2]!.phone, password: 'bench-password-1' }),
        connections: 40,
        duration: sec,
      });
    const { a: quiet, b: flooded } = await interleaved(
      (sec) => load({ ...probe, duration: sec }),
      async (sec) => {
        const [probed, flooded] = await Promise.all([load({ ...probe, duration: sec }), flood(sec)]);
        floods.push(flooded);
        return probed;
      },
      idle,
    );
    extra[`${db}_personal_info_p99_quiet_ms`] = quiet.p99;
    extra[`${db}_personal_info_p99_login_flood_ms`] = flooded.p99;
    extra[`${db}_login_flood_rps`] = Number(combine(floods).rps.toFixed(1));
    extra[`${db}_peak_rss_mb`] = rssPeakMb(proc.pid!);

    if (values.soak) await soak(db, base, auth, proc.pid!, Number(values.soak));
  } finally {
    await stop(proc);
  }
}

async function soak(db: string, base: string, auth: Record<string, string>, pid: number, seconds: number) {
  log(`${db}: soak for ${seconds}s, a line every 30 s`);
  for (let elapsed = 0; elapsed < seconds; elapsed += 30) {
    const slice = Math.min(30, seconds - elapsed);
    const r = await load({ url: `${base}/api/personal/info`, headers: auth, duration: slice, connections: 20 });
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    process.stdout.write(`soak ${db} t=${elapsed + slice}s rss=${rss}MB p99=${r.p99}ms rps=${Math.round(r.rps)} errors=${r.errors}\n`);
  }
}

async function main() {
  const codes = new Map<string, string>();
  const sms = createServer((req, res) => {
    let b = '';
    req.on('data', (c: Buffer) => (b += c.toString()));
    req.on('end', () => {
      const m = JSON.parse(b) as { phone: string; code: string };
      codes.set(m.phone, m.code);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => sms.listen(0, '127.0.0.1', r));
  const smsUrl = `http://127.0.0.1:${(sms.address() as { port: number }).port}/`;

  const rows: Row[] = [];
  const extra: Record<string, unknown> = {};
  log(`raw node:http baseline (${CONNECTIONS} connections, ${DURATION}s per workload, measured before each one)`);
  const rawPort = await freePort();
  const rawServer = start(['--import', 'tsx', 'bench/raw-server.ts'], { PORT: String(rawPort) });
  await waitHttp(`http://127.0.0.1:${rawPort}/`, rawServer.proc, rawServer.out);
  const rawRuns: Measured[] = [];
  // JIT warm-up of the raw server and of autocannon itself: not a measurement.
  await load({ url: `http://127.0.0.1:${rawPort}/`, duration: 2 });
  const raw = async (seconds: number) => {
    const r = await load({ url: `http://127.0.0.1:${rawPort}/`, duration: seconds });
    rawRuns.push(r);
    return r;
  };

  const dir = mkdtempSync(join(tmpdir(), 'appdesk-bench-'));
  try {
    await benchDatabase('sqlite', `sqlite:${join(dir, 'bench.db')}`, raw, codes, smsUrl, rows, extra);
    const pgUrl = process.env.TEST_DATABASE_URL;
    if (pgUrl) {
      const schema = `bench_${Date.now()}`;
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`create schema ${schema}`);
      const url = new URL(pgUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      try {
        await benchDatabase('postgres', url.toString(), raw, codes, smsUrl, rows, extra);
      } finally {
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      }
    } else {
      log('PostgreSQL skipped: TEST_DATABASE_URL is not set');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    sms.close();
    await stop(rawServer.proc);
  }
  const all = combine(rawRuns);
  rows.unshift({
    db: '-',
    workload: 'raw',
    rps: Math.round(all.rps),
    p50_ms: Number(all.p50.toFixed(2)),
    p99_ms: all.p99,
    errors: all.errors,
    ratio: 1,
    baseline_rps: Math.round(all.rps),
  });
  extra.raw_rps_min = Math.round(Math.min(...rawRuns.map((r) => r.rps)));
  extra.raw_rps_max = Math.round(Math.max(...rawRuns.map((r) => r.rps)));

  console.table(rows);
  console.table(extra);
  const targets: [string, boolean][] = [];
  const ratio = (db: string, w: string) => rows.find((r) => r.db === db && r.workload === w)?.ratio ?? 0;
  for (const [db, info, faq, fb] of [
    ['sqlite', 0.6, 0.5, 0.3],
    ['postgres', 0.35, 0.3, 0.2],
  ] as const) {
    if (!rows.some((r) => r.db === db)) continue;
    targets.push([`${db} personal_info ≥ ${info}× raw (${ratio(db, 'personal_info')})`, ratio(db, 'personal_info') >= info]);
    targets.push([`${db} faq_list ≥ ${faq}× raw (${ratio(db, 'faq_list')})`, ratio(db, 'faq_list') >= faq]);
    targets.push([`${db} feedback_create ≥ ${fb}× raw (${ratio(db, 'feedback_create')})`, ratio(db, 'feedback_create') >= fb]);
    const verify = extra[`${db}_argon2_verify_rps`] as number;
    const login = extra[`${db}_login_rps`] as number;
    targets.push([
      `${db} login ≥ 0.85× argon2id verify alone (${login}/${verify} = ${(login / verify).toFixed(2)})`,
      login >= 0.85 * verify,
    ]);
    const quiet = extra[`${db}_personal_info_p99_quiet_ms`] as number;
    const flood = extra[`${db}_personal_info_p99_login_flood_ms`] as number;
    targets.push([`${db} personal_info p99 under login flood ≤ 3× quiet (${flood}/${quiet} ms)`, flood <= 3 * Math.max(quiet, 1)]);
    targets.push([`${db} peak RSS < 200 MB (${extra[`${db}_peak_rss_mb`] as number} MB)`, (extra[`${db}_peak_rss_mb`] as number) < 200]);
  }
  for (const [name, pass] of targets) process.stdout.write(`${pass ? 'PASS' : 'MISS'}  ${name}\n`);
  writeFileSync(
    'bench/results.json',
    JSON.stringify({ results: rows, extra, targets: targets.map(([name, pass]) => ({ name, pass })) }, null, 2) + '\n',
  );
  const errors = rows.reduce((n, r) => n + r.errors, 0);
  if (errors > 0) {
    process.stderr.write(`\n[bench] FAILED: ${errors} requests errored\n`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
