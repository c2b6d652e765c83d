/**
 * Workloads: autocannon runs (in this process or one of its own), slices interleaved with
 * the baseline, and each database's list of measured routes, the login flood probe and the
 * soak.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { CONNECTIONS, DURATION, FLOOD_PROBE_RATE, log, values, type Row } from './options.js';
import { hostCpu, IDLE_AFTER_MS, idleRssMb, rssMb, rssPeakMb, SERVER_ENV, settle, start, startAppdesk, stop } from './process.js';
import { seed } from './seed.js';

export interface Load {
  url: string;
  /** Requests/s over all connections (open loop); unset: as fast as the server answers. */
  rate?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  duration?: number;
}

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Answers received inside the window, and the window's length in seconds. */
  count: number;
  seconds: number;
}

export async function load(l: Load): Promise<Measured> {
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

export function measured(r: AutocannonResult): Measured {
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
export async function loadElsewhere(l: Load): Promise<Measured> {
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

/** A row of results.json: `m` against the baseline measured with it. */
export function toRow(db: string, workload: string, m: Measured, baseline: Measured): Row {
  return {
    db,
    workload,
    rps: Math.round(m.rps),
    p50_ms: Number(m.p50.toFixed(2)),
    p99_ms: m.p99,
    errors: m.errors,
    ratio: Number((m.rps / baseline.rps).toFixed(3)),
    baseline_rps: Math.round(baseline.rps),
  };
}

/**
 * Slices of one measurement put together: rates over the whole time; latencies as the mean
 * of the slices' (slices of equal length: at a steady rate, equal shares of the answers).
 */
export function combine(slices: Measured[]): Measured {
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

/** Blocks of A B B A kept for a comparison, and how many a comparison measures at most. */
const KEPT_BLOCKS = 4;
const MAX_BLOCKS = 10;
/** A block during which steal took more than this share of the machine's time is measured again. */
const STEAL_MAX = 0.05;

/** What `interleaved` measured besides A and B: the blocks it kept, of how many, and their steal. */
export interface Conditions {
  kept: number;
  blocks: number;
  /** The largest share of the machine's time taken by steal in a kept block. */
  steal: number;
}

interface Block {
  as: Measured[];
  bs: Measured[];
  steal: number;
}

/**
 * A against B, in blocks of four slices of an eighth of DURATION each, A B B A then B A A B
 * and so on: the machine's speed drifts (by up to 2x within a minute here), and each block
 * cancels a drift that is steady over its length. The host also takes this VM's cores away
 * for seconds at a time (steal, up to 40 % of the time in a 5-second window here), and it
 * slows appdesk more than the raw server: in a block with 30–40 % steal `personal_info`
 * measured 0.41–0.51 of raw, in quiet blocks of the same run 0.60–0.72. So a block whose
 * steal exceeded STEAL_MAX is measured again, up to MAX_BLOCKS in all, and the KEPT_BLOCKS
 * with the least steal make the result: the ratio of a quiet machine, the same in every run.
 * `settle` runs after each B slice, so that work B left queued (logins still hashing) is
 * not measured as part of A.
 */
export async function interleaved(
  a: (seconds: number) => Promise<Measured>,
  b: (seconds: number) => Promise<Measured>,
  settle: () => Promise<void> = async () => undefined,
): Promise<{ a: Measured; b: Measured; conditions: Conditions }> {
  const slice = DURATION / 8;
  const blocks: Block[] = [];
  const quiet = () => blocks.filter((x) => x.steal <= STEAL_MAX).length;
  while (blocks.length < KEPT_BLOCKS || (quiet() < KEPT_BLOCKS && blocks.length < MAX_BLOCKS)) {
    const block: Block = { as: [], bs: [], steal: 0 };
    const before = hostCpu();
    for (const first of blocks.length % 2 === 0 ? (['a', 'b', 'b', 'a'] as const) : (['b', 'a', 'a', 'b'] as const)) {
      if (first === 'a') block.as.push(await a(slice));
      else {
        block.bs.push(await b(slice));
        await settle();
      }
    }
    const after = hostCpu();
    block.steal = (after.steal - before.steal) / Math.max(1, after.total - before.total);
    blocks.push(block);
  }
  const kept = [...blocks].sort((x, y) => x.steal - y.steal).slice(0, KEPT_BLOCKS);
  return {
    a: combine(kept.flatMap((x) => x.as)),
    b: combine(kept.flatMap((x) => x.bs)),
    conditions: { kept: kept.length, blocks: blocks.length, steal: Math.max(...kept.map((x) => x.steal)) },
  };
}

/** How a comparison was measured, for the log and results.json: "4 of 6 blocks, steal ≤ 2 %". */
export function describe(c: Conditions): string {
  return `${c.kept} of ${c.blocks} blocks, steal ≤ ${Math.round(c.steal * 100)} %`;
}

export async function benchDatabase(
  db: string,
  databaseUrl: string,
  raw: (seconds: number) => Promise<Measured>,
  codes: Map<string, string>,
  smsUrl: string,
  rows: Row[],
  extra: Record<string, unknown>,
) {
  log(`${db}: starting appdesk`);
  const startedAt = Date.now();
  const { proc, base } = await startAppdesk(databaseUrl, smsUrl);
  // As `npm start` leaves it, before any request: just started, then idle.
  await settle(proc.pid!);
  extra[`${db}_start_rss_mb`] = rssMb(proc.pid!);
  log(`${db}: waiting for the server to be idle (${IDLE_AFTER_MS / 1000} s without a request)`);
  extra[`${db}_idle_rss_mb`] = await idleRssMb(proc.pid!, startedAt);
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
        // The server's malloc settings: its hashing threads allocate under them.
        ...SERVER_ENV,
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
      let conditions: Conditions;
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
        conditions = vs.conditions;
        // Fairness: one uninterrupted run of CONNECTIONS logins at once (slices are too short
        // to hold a p99 of their own); p99 against p50 shows whether some logins wait far longer.
        await idle();
        const fair = await load({ ...l, duration: DURATION });
        await idle();
        extra[`${db}_login_p50_ms`] = fair.p50;
        extra[`${db}_login_p99_ms`] = fair.p99;
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
        conditions = vs.conditions;
      }
      const how = describe(conditions);
      extra[`${db}_${name}_measured`] = how;
      log(`${db}: ${name}: ${Math.round(r.rps)} req/s, raw server ${Math.round(baseline.rps)} req/s (${how})`);
      rows.push(toRow(db, name, r, baseline));
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
    const {
      a: quiet,
      b: flooded,
      conditions: probed,
    } = await interleaved(
      (sec) => load({ ...probe, duration: sec }),
      async (sec) => {
        const [probed, flooded] = await Promise.all([load({ ...probe, duration: sec }), flood(sec)]);
        floods.push(flooded);
        return probed;
      },
      idle,
    );
    extra[`${db}_personal_info_p99_quiet_ms`] = quiet.p99;
    extra[`${db}_login_flood_probe_measured`] = describe(probed);

    // The request log's cost: personal_info on two servers started for it on the same
    // database, one at the default level (a line per request) and one at LOG_LEVEL=warn,
    // interleaved. Both fresh: the server measured above has been through every workload,
    // and its larger heap alone made it measure up to 10% slower than a new one.
    if (!only || only.includes('personal_info')) {
      log(`${db}: the request log's cost (personal_info at the default level and at warn)`);
      const [withLog, quietLog] = [await startAppdesk(databaseUrl, smsUrl), await startAppdesk(databaseUrl, smsUrl, { logLevel: 'warn' })];
      try {
        const info: Load = { url: `${withLog.base}/api/personal/info`, headers: auth };
        const warn: Load = { url: `${quietLog.base}/api/personal/info`, headers: auth };
        await load({ ...info, duration: 1 });
        await load({ ...warn, duration: 1 });
        const vs = await interleaved(
          (sec) => load({ ...warn, duration: sec }),
          (sec) => load({ ...info, duration: sec }),
          idle,
        );
        extra[`${db}_personal_info_rps_log_warn`] = Math.round(vs.a.rps);
        extra[`${db}_personal_info_rps_log_default`] = Math.round(vs.b.rps);
        extra[`${db}_request_log_cost`] = Number((1 - vs.b.rps / vs.a.rps).toFixed(3));
        extra[`${db}_request_log_cost_measured`] = describe(vs.conditions);
      } finally {
        await stop(withLog.proc);
        await stop(quietLog.proc);
      }
    }
    extra[`${db}_personal_info_p99_login_flood_ms`] = flooded.p99;
    extra[`${db}_login_flood_rps`] = Number(combine(floods).rps.toFixed(1));
    extra[`${db}_peak_rss_mb`] = rssPeakMb(proc.pid!);

    if (values.soak) await soak(db, base, auth, proc.pid!, Number(values.soak));
  } finally {
    await stop(proc);
  }
}

export async function soak(db: string, base: string, auth: Record<string, string>, pid: number, seconds: number) {
  log(`${db}: soak for ${seconds}s, a line every 30 s`);
  for (let elapsed = 0; elapsed < seconds; elapsed += 30) {
    const slice = Math.min(30, seconds - elapsed);
    const r = await load({ url: `${base}/api/personal/info`, headers: auth, duration: slice, connections: 20 });
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    process.stdout.write(`soak ${db} t=${elapsed + slice}s rss=${rss}MB p99=${r.p99}ms rps=${Math.round(r.rps)} errors=${r.errors}\n`);
  }
}
