/**
 * `node --import tsx bench/cpu-per-request.ts -- --only personal_info,message_count`: the
 * server's CPU time per request (user + system, from /proc, all its threads) for some
 * workloads, as `npm start` runs it on a fresh SQLite database (or, with DATABASE_URL set to
 * PostgreSQL, a schema of its own for each server, dropped after). On a
 * shared machine, CPU time per request drifts much less than requests per second (other
 * tenants slow the server but do not add to its CPU time), so it compares changes where a
 * throughput ratio cannot; callgrind is steadier still, but takes many minutes per run.
 * `--servers a.js,b.js@warn` measures several builds (or levels) alternately (A B B A ...);
 * `a.js|--max-semi-space-size=2` adds node flags after those of `npm start` (the last wins),
 * `a.js|MALLOC_ARENA_MAX=1` environment over its own. Besides the whole process's time, the
 * event loop's thread's alone is printed: the thread that bounds throughput, where the
 * SQLite writer thread and V8's helpers run beside it.
 *
 *   node --import tsx bench/cpu-per-request.ts [--only a,b] [--seconds 4] [--rounds 4] [--connections 20] [--servers "dist/server.js|--cpu-prof"]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { cpuTicks, freePort, pgSchema, postgresTicks, startAsNpmStart, startVariant, stop } from './process.js';
import { seed, startSmsReceiver } from './seed.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'personal_info,faq_list,message_count,refresh,feedback_create' },
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '20' },
    servers: { type: 'string', default: 'dist/server.js' },
  },
});
const TICK_US = 10_000; // USER_HZ = 100

interface Target {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Nanoseconds the event loop's thread has waited for a core (runnable, not running). */
function mainWaitNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ')[1] ?? 0);
}

/**
 * Fires requests for `seconds`; answers how many were answered and the seconds they took.
 * By duration, not by a number of requests: autocannon notices that its connections are
 * done only at its next one-second tick, so a run of N requests took whole seconds, and its
 * rate was N over those (11,968 refreshes a second for builds between 12k and 14k).
 */
async function fire(t: Target, seconds: number): Promise<{ count: number; seconds: number }> {
  const r = await autocannon({
    url: t.url,
    method: (t.method ?? 'GET') as 'GET',
    headers: { 'content-type': 'application/json', ...t.headers },
    ...(t.body ? { body: t.body } : {}),
    connections: Number(values.connections),
    duration: seconds,
  });
  if (r.errors + r.non2xx + r.timeouts > 0) throw new Error(`${t.url}: ${r.errors} errors, ${r.non2xx} non-2xx, ${r.timeouts} timeouts`);
  return { count: r.requests.total, seconds: r.duration };
}

function medianOf(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * `path`, `path@level` (the server's LOG_LEVEL for this one: request lines off at warn), and
 * either with `|--flag|NAME=value`: node flags after those of `npm start`, environment over it.
 */
async function startServer(spec: string, dir: string, smsUrl: string, databaseUrl: string) {
  const [server, ...parts] = spec.split('|');
  const { flags, env } = startVariant(parts);
  const [script, level] = server!.split('@') as [string, string | undefined];
  const port = await freePort();
  const { proc, out } = startAsNpmStart(
    script,
    {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl || `sqlite:${join(dir, 'db')}`,
      ...(level ? { LOG_LEVEL: level } : {}),
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: smsUrl,
      CODE_SEND_INTERVAL_SECONDS: '0',
      CODE_DAILY_LIMIT: '1000000',
      CODE_IP_HOURLY_LIMIT: '1000000',
      REFRESH_REUSE_GRACE_SECONDS: '100000',
      APPDESK_ADMIN_USERNAME: 'bench-admin',
      APPDESK_ADMIN_PASSWORD: 'bench-admin-password',
      ...env,
    },
    flags,
  );
  const base = `http://127.0.0.1:${port}`;
  // A loaded machine can take longer than waitHttp's 30 s to start a server.
  for (const deadline = Date.now() + 180_000; ; await new Promise((r) => setTimeout(r, 250))) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${out()}`);
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      await stop(proc);
      throw new Error(`not up in time: ${base}\n${out()}`);
    }
  }
  return { proc, base };
}

async function main() {
  const { server: sms, url: smsUrl, codes } = await startSmsReceiver();
  const scripts = values.servers.split(',');
  const servers: { script: string; proc: Awaited<ReturnType<typeof startServer>>['proc']; targets: Record<string, Target> }[] = [];
  const dirs: string[] = [];
  const drops: (() => Promise<void>)[] = [];
  const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;
  try {
    for (const [i, script] of scripts.entries()) {
      const dir = mkdtempSync(join(tmpdir(), 'appdesk-cpu-'));
      dirs.push(dir);
      let databaseUrl = '';
      if (onPostgres) {
        // Each server seeds the same accounts: a schema of its own keeps them apart.
        const schema = await pgSchema(process.env.DATABASE_URL!, `cpu_${Date.now()}_${i}`);
        drops.push(schema.drop);
        databaseUrl = schema.url;
      }
      const { proc, base } = await startServer(script, dir, smsUrl, databaseUrl);
      const { users, pushIds } = await seed(base, codes);
      const auth = { authorization: `Token ${users[0]!.token}` };
      servers.push({
        script,
        proc,
        targets: {
          personal_info: { url: `${base}/api/personal/info`, headers: auth },
          faq_list: { url: `${base}/api/faq?page_size=20` },
          message_count: {
            url: `${base}/api/message/count?push_ids=${pushIds.slice(0, 2).join(',')}`,
            headers: { authorization: `Token ${users[3]!.token}` },
          },
          refresh: { url: `${base}/api/auth/refresh_token`, method: 'POST', body: JSON.stringify({ refresh_token: users[1]!.refresh }) },
          feedback_create: {
            url: `${base}/api/feedback`,
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ feedback_content: 'The app crashes when I rotate the screen.' }),
          },
        },
      });
    }
    const seconds = Number(values.seconds);
    for (const name of values.only.split(',')) {
      const samples = new Map<string, number[]>(scripts.map((s) => [s, []]));
      const mainSamples = new Map<string, number[]>(scripts.map((s) => [s, []]));
      const dbSamples = new Map<string, number[]>(scripts.map((s) => [s, []]));
      const rateSamples = new Map<string, number[]>(scripts.map((s) => [s, []]));
      const waitSamples = new Map<string, number[]>(scripts.map((s) => [s, []]));
      for (const s of servers) await fire(s.targets[name]!, 1); // warm-up
      const order = [...servers, ...[...servers].reverse()];
      for (let round = 0; round < Number(values.rounds); round++) {
        for (const s of round % 2 === 0 ? order : [...order].reverse()) {
          const before = cpuTicks(s.proc.pid!);
          const mainBefore = cpuTicks(s.proc.pid!, s.proc.pid);
          const dbBefore = onPostgres ? postgresTicks() : 0;
          const waitBefore = mainWaitNs(s.proc.pid!);
          const { count: requests, seconds: took } = await fire(s.targets[name]!, seconds);
          rateSamples.get(s.script)!.push(requests / took);
          waitSamples.get(s.script)!.push((mainWaitNs(s.proc.pid!) - waitBefore) / 1000 / requests);
          if (onPostgres) dbSamples.get(s.script)!.push(((postgresTicks() - dbBefore) * TICK_US) / requests);
          samples.get(s.script)!.push(((cpuTicks(s.proc.pid!) - before) * TICK_US) / requests);
          mainSamples.get(s.script)!.push(((cpuTicks(s.proc.pid!, s.proc.pid) - mainBefore) * TICK_US) / requests);
        }
      }
      for (const [script, xs] of samples) {
        xs.sort((a, b) => a - b);
        const median = xs[Math.floor(xs.length / 2)]!;
        const db = dbSamples.get(script)!.sort((a, b) => a - b);
        const main = mainSamples.get(script)!.sort((a, b) => a - b);
        const rate = medianOf(rateSamples.get(script)!);
        const wait = medianOf(waitSamples.get(script)!);
        process.stdout.write(
          `${name} ${script}: ${median.toFixed(1)} µs CPU a request (min ${xs[0]!.toFixed(1)}, max ${xs.at(-1)!.toFixed(1)})` +
            `, the event loop's thread ${main[Math.floor(main.length / 2)]!.toFixed(1)} µs` +
            ` and ${wait.toFixed(1)} µs waiting for a core, ${Math.round(rate)} req/s` +
            (db.length > 0 ? `, PostgreSQL's processes ${db[Math.floor(db.length / 2)]!.toFixed(1)} µs` : '') +
            '\n',
        );
      }
    }
  } finally {
    for (const s of servers) await stop(s.proc);
    for (const drop of drops) await drop();
    sms.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
