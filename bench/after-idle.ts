/**
 * `node --import tsx bench/after-idle.ts`: CPU time a request of a server that sat idle for
 * 35 s after seeding, against one just seeded, alternating rounds of `personal_info`. V8's
 * memory reducer shrinks an idle server's young generation; this shows what that costs when
 * traffic returns, with the node flags of `npm start` (FLAGS="--no-memory-reducer" adds
 * flags after them, to compare). Prints the µs a request per round, the page faults per
 * round, and each server's idle and peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuTicks, freePort, minorFaults, rssMb, rssPeakMb, startAsNpmStart, stop, waitHttp } from './process.js';
import { seed, startSmsReceiver } from './seed.js';

const IDLE_MS = 35_000;
const ROUNDS = 4;
const REQUESTS = 30_000;

const { server: sms, url: smsUrl, codes } = await startSmsReceiver();
const flags = (process.env.FLAGS ?? '').split(' ').filter(Boolean);
const dirs: string[] = [];

async function server(name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'appdesk-after-idle-'));
  dirs.push(dir);
  const port = await freePort();
  const { proc, out } = startAsNpmStart(
    'dist/server.js',
    {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'db')}`,
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: smsUrl,
      CODE_SEND_INTERVAL_SECONDS: '0',
      APPDESK_ADMIN_USERNAME: 'bench-admin',
      APPDESK_ADMIN_PASSWORD: 'bench-admin-password',
    },
    flags,
  );
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(`${base}/healthz`, proc, out);
  const { users } = await seed(base, codes);
  return { name, proc, target: { url: `${base}/api/personal/info`, headers: { authorization: `Token ${users[0]!.token}` } } };
}

const idled = await server('idled');
process.stderr.write(`[after-idle] the first server idles ${IDLE_MS / 1000} s\n`);
await new Promise((r) => setTimeout(r, IDLE_MS));
const idleRss = rssMb(idled.proc.pid!);
const fresh = await server('fresh');
try {
  const cpu: Record<string, number[]> = { idled: [], fresh: [] };
  const pageFaults: Record<string, number[]> = { idled: [], fresh: [] };
  for (const s of [idled, fresh]) await autocannon({ ...s.target, connections: 20, amount: 5000 }); // JIT warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of round % 2 ? [fresh, idled] : [idled, fresh]) {
      const [c0, f0] = [cpuTicks(s.proc.pid!), minorFaults(s.proc.pid!)];
      await autocannon({ ...s.target, connections: 20, amount: REQUESTS });
      cpu[s.name]!.push(Number((((cpuTicks(s.proc.pid!) - c0) * 10_000) / REQUESTS).toFixed(1)));
      pageFaults[s.name]!.push(minorFaults(s.proc.pid!) - f0);
    }
  }
  for (const s of [idled, fresh]) {
    process.stdout.write(
      `${s.name}: ${cpu[s.name]!.join(' / ')} µs CPU a request; page faults a round ${pageFaults[s.name]!.join(' / ')}; peak RSS ${rssPeakMb(s.proc.pid!)} MB\n`,
    );
  }
  process.stdout.write(`idle RSS of the idled server before its load: ${idleRss} MB\n`);
} finally {
  await stop(idled.proc);
  await stop(fresh.proc);
  sms.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
