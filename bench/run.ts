/**
 * `npm run bench`: appdesk against a raw node:http baseline measured in the same run, with
 * autocannon on 127.0.0.1. Reports requests/s, p50, p99, errors and each workload's ratio
 * to the baseline; writes bench/results.json; exits 1 if any request failed.
 *
 *   npm run bench -- [--duration 10] [--connections 50] [--soak 300] [--only personal_info,faq_list]
 * On PostgreSQL too when TEST_DATABASE_URL is set (a schema of its own, dropped after).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTIONS, DURATION, log, type Row } from './options.js';
import { otherServers, pgSchema, startBaseline, stop } from './process.js';
import { startSmsReceiver } from './seed.js';
import { evaluateTargets, printTargets } from './targets.js';
import { benchDatabase, combine, describe, interleaved, load, toRow, type Conditions, type Measured } from './workloads.js';

async function main() {
  const { server: sms, url: smsUrl, codes } = await startSmsReceiver();

  const rows: Row[] = [];
  const extra: Record<string, unknown> = {};
  const others = otherServers();
  extra.other_servers_at_start = others.length;
  if (others.length > 0)
    log(`warning: other appdesk servers are running (pids ${others.join(', ')}); they take CPU from the ones measured`);
  log(`raw node:http baseline (${CONNECTIONS} connections, ${DURATION}s per workload, measured before each one)`);
  const rawServer = await startBaseline();
  const rawRuns: Measured[] = [];
  // JIT warm-up of the raw server and of autocannon itself: not a measurement.
  await load({ url: rawServer.url, duration: 2 });
  const raw = async (seconds: number) => {
    const r = await load({ url: rawServer.url, duration: seconds });
    rawRuns.push(r);
    return r;
  };

  // The framework's floor (fastify-bare.ts), for reading the ratios below.
  log('bare Fastify against the raw server');
  const bare = await startBaseline('bench/fastify-bare.ts');
  let floor: { a: Measured; b: Measured; conditions: Conditions };
  try {
    await load({ url: bare.url, duration: 1 });
    floor = await interleaved(raw, (sec) => load({ url: bare.url, duration: sec }));
  } finally {
    await stop(bare.proc);
  }

  const dir = mkdtempSync(join(tmpdir(), 'appdesk-bench-'));
  try {
    await benchDatabase('sqlite', `sqlite:${join(dir, 'bench.db')}`, raw, codes, smsUrl, rows, extra);
    const pgUrl = process.env.TEST_DATABASE_URL;
    if (pgUrl) {
      const schema = await pgSchema(pgUrl, `bench_${Date.now()}`);
      try {
        await benchDatabase('postgres', schema.url, raw, codes, smsUrl, rows, extra);
      } finally {
        await schema.drop();
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
  rows.unshift(toRow('-', 'raw', all, all), toRow('-', 'fastify_bare', floor.b, floor.a));
  extra.fastify_bare_measured = describe(floor.conditions);
  extra.raw_rps_min = Math.round(Math.min(...rawRuns.map((r) => r.rps)));
  extra.raw_rps_max = Math.round(Math.max(...rawRuns.map((r) => r.rps)));

  console.table(rows);
  console.table(extra);
  const targets = evaluateTargets(rows, extra);
  printTargets(targets);
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
