/**
 * `node --import tsx bench/login-threads.ts [--rounds 3] [--seconds 5]`: where a login flood's
 * time goes, thread by thread. Alternately, argon2id verifications alone (this process's own
 * hashing threads, as in the benchmark) and 50 connections of logins against appdesk as
 * `npm start` runs it (SQLite, or PostgreSQL with DATABASE_URL set). For each window it prints
 * every busy thread's time on a core and its time waiting for one (from
 * /proc/<pid>/task/<tid>/schedstat), and PostgreSQL's processes' CPU. A hashing thread that
 * is as busy in both but hashes fewer a second is slowed by its neighbours (memory, caches);
 * one that waits for its core is preempted.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Argon2Hasher } from '../src/platform/password-hasher.js';
import { pgSchema, postgresTicks, settle, startAppdesk, stop } from './process.js';
import { seed, startSmsReceiver } from './seed.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '5' } } });
const SECONDS = Number(values.seconds);
const TICK_MS = 10;

interface ThreadTime {
  name: string;
  nice: number;
  runMs: number;
  waitMs: number;
}

function threads(pid: number): Map<number, ThreadTime> {
  const out = new Map<number, ThreadTime>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const [run = '0', wait = '0'] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ');
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      out.set(Number(tid), { name, nice, runMs: Number(run) / 1e6, waitMs: Number(wait) / 1e6 });
    } catch {
      // The thread ended since the listing.
    }
  }
  return out;
}

/** The threads busy for more than 1 % of the window: time on a core and waiting, a second. */
function busy(before: Map<number, ThreadTime>, after: Map<number, ThreadTime>, seconds: number): string[] {
  const lines: string[] = [];
  for (const [tid, a] of after) {
    const b = before.get(tid) ?? { runMs: 0, waitMs: 0 };
    const run = (a.runMs - b.runMs) / seconds;
    const wait = (a.waitMs - b.waitMs) / seconds;
    if (run > 10) lines.push(`  ${a.name} (nice ${a.nice}): on a core ${run.toFixed(0)} ms/s, waiting ${wait.toFixed(0)} ms/s`);
  }
  return lines;
}

async function main() {
  const { server: sms, url: smsUrl, codes } = await startSmsReceiver();
  const pgBase = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
  const schema = pgBase ? await pgSchema(pgBase, `login_threads_${Date.now()}`) : undefined;
  const { proc, base } = await startAppdesk(schema?.url ?? 'sqlite::memory:', smsUrl);
  const hasher = new Argon2Hasher({ memoryCost: 19456, timeCost: 2 });
  try {
    const { users } = await seed(base, codes);
    const login = {
      url: `${base}/api/auth/access_token`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: users[0]!.phone, password: 'bench-password-1' }),
      connections: 50,
    };
    await autocannon({ ...login, duration: 1 });
    await settle(proc.pid!);
    const hash = await hasher.hash('bench-password-1');
    for (let round = 0; round < Number(values.rounds); round++) {
      // Alone: this process's hashing thread, 50 lanes as the 50 connections.
      let done = 0;
      const end = Date.now() + SECONDS * 1000;
      const mine = threads(process.pid);
      const lane = async () => {
        while (Date.now() < end) {
          await hasher.verify(hash, 'bench-password-1');
          if (Date.now() <= end) done += 1;
        }
      };
      // Read at the window's end: the verifications still queued then are not counted.
      const atEnd = new Promise<Map<number, ThreadTime>>((resolve) => setTimeout(() => resolve(threads(process.pid)), end - Date.now()));
      await Promise.all(Array.from({ length: 50 }, lane));
      process.stdout.write(`round ${round + 1}: verifications alone ${(done / SECONDS).toFixed(1)}/s\n`);
      process.stdout.write(busy(mine, await atEnd, SECONDS).join('\n') + '\n');

      const server = threads(proc.pid!);
      const pgBefore = pgBase ? postgresTicks() : 0;
      const r = await autocannon({ ...login, duration: SECONDS });
      const pgMs = pgBase ? ((postgresTicks() - pgBefore) * TICK_MS) / SECONDS : 0;
      process.stdout.write(
        `round ${round + 1}: logins ${(r.requests.total / SECONDS).toFixed(1)}/s (p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms)` +
          (pgBase ? `, PostgreSQL's processes ${pgMs.toFixed(0)} ms/s` : '') +
          '\n',
      );
      const after = threads(proc.pid!);
      process.stdout.write(busy(server, after, SECONDS).join('\n') + '\n');
      // Everything but hashing, per login: the server's other threads and the database.
      let otherMs = pgMs * SECONDS;
      for (const [tid, a] of after) if (a.nice === 0) otherMs += a.runMs - (server.get(tid)?.runMs ?? 0);
      process.stdout.write(`  besides hashing: ${(otherMs / r.requests.total).toFixed(2)} ms of CPU a login\n`);
      await settle(proc.pid!);
    }
  } finally {
    await hasher.close();
    await stop(proc);
    await schema?.drop();
    sms.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
