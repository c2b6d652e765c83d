/**
 * Process control: the appdesk server (dist/server.js) and the raw node:http baseline
 * (raw-server.ts) as child processes, waiting for them to answer, stopping them, and reading
 * their CPU time and peak memory from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createNetServer } from 'node:net';

const START_SCRIPT = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';

/**
 * The node flags `npm start` gives the server (package.json), so that the benches measure
 * the V8 configuration users run, not a copy of it that could drift.
 */
const SERVER_NODE_FLAGS: string[] = (() => {
  const m = /\bnode ((?:--\S+ )*)dist\/server\.js/.exec(START_SCRIPT);
  if (!m) throw new Error('package.json "start" does not run node … dist/server.js');
  return m[1]!.trim().split(' ').filter(Boolean);
})();

/** The environment `npm start` sets before `node` (malloc settings), likewise. */
export const SERVER_ENV: Record<string, string> = Object.fromEntries(
  [...(/((?:\b[A-Z_]+=\S+ )*)node /.exec(START_SCRIPT)?.[1] ?? '').matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]),
);

/**
 * `script` started as `npm start` starts the server: its node flags (then `flags`) and its
 * environment (then `env`).
 */
export function startAsNpmStart(script: string, env: Record<string, string>, flags: string[] = []) {
  return start([...SERVER_NODE_FLAGS, ...flags, script], { ...SERVER_ENV, ...env });
}

export async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export async function waitHttp(url: string, proc: ChildProcess, out: () => string): Promise<void> {
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

/**
 * A child process whose stdout and stderr go to a file, as a server's log goes to a file or
 * a journal in production: reading its lines through a pipe here would spend this
 * process's (and so the load generator's) CPU on them and bill it to the server.
 */
export function start(args: string[], env: Record<string, string>): { proc: ChildProcess; out: (tail?: number) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'appdesk-bench-out-'));
  const file = join(dir, 'out.log');
  const fd = openSync(file, 'w');
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  proc.once('exit', () => setTimeout(() => rmSync(dir, { recursive: true, force: true }), 1000).unref());
  const out = (tail = 5000) => {
    try {
      const text = readFileSync(file, 'utf8');
      return tail === Infinity ? text : text.slice(-tail);
    } catch {
      return '';
    }
  };
  return { proc, out };
}

export async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
}

/** The fields of /proc/<pid>/stat after the command name (field 3 of proc(5) first). */
function statFields(pid: number, thread?: number): string[] {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU ticks of the process, or of one of its threads (the main thread's id is the pid: the event loop). */
export function cpuTicks(pid: number, thread?: number): number {
  const fields = statFields(pid, thread);
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU ticks of every PostgreSQL process on this machine (its backends do a query's work): on
 * this 2-core machine they take their share of the cores from the server and the load
 * generator. Backends that exit between two readings take their ticks with them.
 */
export function postgresTicks(): number {
  let ticks = 0;
  forEachProcess((pid) => {
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) ticks += cpuTicks(pid);
  });
  return ticks;
}

/** Runs `visit` for every process on this machine but this one; one gone meanwhile is skipped. */
function forEachProcess(visit: (pid: number) => void): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      visit(Number(entry));
    } catch {
      // Gone since the listing.
    }
  }
}

/**
 * The whole machine's CPU time so far, in ticks (/proc/stat), and the part of it the
 * hypervisor gave to other guests while this one had work (steal). On this shared VM steal
 * comes in bursts of 10–40 % of the time that last seconds to minutes.
 */
export function hostCpu(): { total: number; steal: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: fields.reduce((n, v) => n + v, 0), steal: fields[7] ?? 0 };
}

/**
 * appdesk servers already running on this machine (`…/dist…/server.js`), such as those an
 * interrupted bench or harness left behind: idle, each still polls its jobs, and they take
 * CPU from the servers measured.
 */
export function otherServers(): number[] {
  const pids: number[] = [];
  forEachProcess((pid) => {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (args.some((a) => /(^|\/)dist[^/]*\/server\.js$/.test(a))) pids.push(pid);
  });
  return pids;
}

/** Minor page faults so far (pages the process touched for the first time, mostly). */
export function minorFaults(pid: number): number {
  return Number(statFields(pid)[7]);
}

/** Waits until the process is idle again (under 10% of a core over 200 ms), at most 15 s. */
export async function settle(pid: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = cpuTicks(pid);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const now = cpuTicks(pid);
    if (now - last <= 2) return;
    last = now;
  }
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

export const IDLE_AFTER_MS = 30_000;

/**
 * A quiet server's resident memory: 30 s after start-up with no request. V8 keeps start-up's
 * young generation and garbage until its memory reducer runs, a few quiet seconds later
 * (measured: 126 MB 5 s after start, 110 MB from 16 s on); an idle server is one after that.
 */
export async function idleRssMb(pid: number, startedAt: number): Promise<number> {
  const wait = startedAt + IDLE_AFTER_MS - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  return rssMb(pid);
}

export function rssPeakMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export interface StartOptions {
  /** LOG_LEVEL; unset, the default (one line per request). The request log's cost is measured against `warn`. */
  logLevel?: string;
  /** Another build of the server (a copy of dist/ beside it); default dist/server.js. */
  script?: string;
  /** Node flags after those of `npm start`, and environment over it. */
  flags?: string[];
  env?: Record<string, string>;
}

/**
 * A variant of how the server is started, from `|`-separated parts: `--flag` (node, after
 * `npm start`'s), `NAME=value` (environment, over `npm start`'s) or `@path` (another build).
 */
export function startVariant(parts: readonly string[]): StartOptions {
  const options = { flags: [] as string[], env: {} as Record<string, string> } satisfies StartOptions;
  let script: string | undefined;
  for (const part of parts) {
    if (part.startsWith('--')) options.flags.push(part);
    else if (part.startsWith('@')) script = part.slice(1);
    else {
      const eq = part.indexOf('=');
      if (eq < 1) throw new Error(`"${part}" is neither --flag, NAME=value nor @script`);
      options.env[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  return script === undefined ? options : { ...options, script };
}

/** appdesk as `npm start` runs it, with the bench's settings (codes, limits, the admin). */
export async function startAppdesk(databaseUrl: string, smsUrl: string, { logLevel, script, flags, env: extra }: StartOptions = {}) {
  const port = await freePort();
  const env = {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    ...(logLevel ? { LOG_LEVEL: logLevel } : {}),
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
    ...extra,
  };
  const { proc, out } = startAsNpmStart(script ?? 'dist/server.js', env, flags);
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(`${base}/healthz`, proc, out);
  return { proc, base, out };
}

/** The baseline: raw-server.ts (or another script of bench/) on a port of its own, answering. */
export async function startBaseline(script = 'bench/raw-server.ts'): Promise<{ proc: ChildProcess; url: string }> {
  const rawPort = await freePort();
  const rawServer = start(['--import', 'tsx', script], { PORT: String(rawPort) });
  await waitHttp(`http://127.0.0.1:${rawPort}/`, rawServer.proc, rawServer.out);
  return { proc: rawServer.proc, url: `http://127.0.0.1:${rawPort}/` };
}

/** A PostgreSQL schema of its own on `base`: the URL that uses it, and its drop. */
export async function pgSchema(base: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`create schema ${name}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    drop: async () => {
      await c.query(`drop schema ${name} cascade`);
      await c.end();
    },
  };
}
