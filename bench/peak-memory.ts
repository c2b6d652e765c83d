/**
 * The server's memory peak (VmHWM) through the part of `npm run bench` that sets it, for
 * several builds or settings alternately (A B C, then C B A, …): a fresh server each time,
 * seeded, then `personal_info`, `faq_list` and `feedback_create` at full speed, logins,
 * `refresh`, and the login flood beside a steady `personal_info`, each for --duration
 * seconds. The peak after each phase is printed. Within a run of the whole bench the peak
 * moves by ±3 MB between runs of one build; here, servers compared side by side, over
 * rounds, tell a change of 2–3 MB apart. SQLite, or PostgreSQL with DATABASE_URL set (a
 * schema of its own for each server, dropped after).
 *
 *   PEAK_VARIANTS="now,arena2|MALLOC_ARENA_MAX=2,pool1|--v8-pool-size=1,other|@dist-x/server.js" \
 *   PEAK_ROUNDS=3 node --import tsx bench/peak-memory.ts --duration 6
 *
 * A variant is a label, then `|`-separated parts (process.ts, `startVariant`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DURATION } from './options.js';
import { pgSchema, rssPeakMb, settle, startAppdesk, startVariant, stop, type StartOptions } from './process.js';
import { seed, startSmsReceiver } from './seed.js';
import { load, type Load } from './workloads.js';

const PHASES = ['reads and feedback', 'logins', 'refresh', 'login flood'] as const;

function parseVariant(spec: string): { label: string; options: StartOptions } {
  const [label, ...parts] = spec.split('|');
  return { label: label!, options: startVariant(parts) };
}

async function peaksOf(options: StartOptions, smsUrl: string, codes: Map<string, string>, round: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'appdesk-peak-'));
  const schema = process.env.DATABASE_URL?.startsWith('postgres')
    ? await pgSchema(process.env.DATABASE_URL, `peak_${Date.now()}_${round}`)
    : null;
  const { proc, base } = await startAppdesk(schema?.url ?? `sqlite:${join(dir, 'db')}`, smsUrl, options);
  const peaks: number[] = [];
  try {
    const { users } = await seed(base, codes);
    const user = users[0]!;
    const auth = { authorization: `Token ${user.token}` };
    const login: Load = {
      url: `${base}/api/auth/access_token`,
      method: 'POST',
      body: JSON.stringify({ account: user.phone, password: 'bench-password-1' }),
    };
    await load({ url: `${base}/api/personal/info`, headers: auth });
    await load({ url: `${base}/api/faq?page_size=20` });
    const feedback = JSON.stringify({ feedback_content: 'The app crashes when I rotate the screen.' });
    await load({ url: `${base}/api/feedback`, method: 'POST', headers: auth, body: feedback });
    peaks.push(rssPeakMb(proc.pid!));
    await settle(proc.pid!);
    await load(login);
    peaks.push(rssPeakMb(proc.pid!));
    await settle(proc.pid!);
    await load({ url: `${base}/api/auth/refresh_token`, method: 'POST', body: JSON.stringify({ refresh_token: users[1]!.refresh }) });
    peaks.push(rssPeakMb(proc.pid!));
    await Promise.all([
      load({ url: `${base}/api/personal/info`, headers: auth, connections: 10, rate: 2000 }),
      load({ ...login, connections: 40 }),
    ]);
    peaks.push(rssPeakMb(proc.pid!));
  } finally {
    await stop(proc);
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  return peaks;
}

const variants = (process.env.PEAK_VARIANTS ?? 'now').split(',').map(parseVariant);
const rounds = Number(process.env.PEAK_ROUNDS ?? 3);
const { server, url, codes } = await startSmsReceiver();
const finals = new Map<string, number[]>(variants.map((v) => [v.label, []]));
process.stdout.write(`${DURATION} s a phase; peak after each of: ${PHASES.join(', ')}\n`);
try {
  for (let round = 0; round < rounds; round++) {
    for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
      const peaks = await peaksOf(v.options, url, codes, round);
      finals.get(v.label)!.push(peaks.at(-1)!);
      process.stdout.write(`${v.label}: ${peaks.join(' / ')} MB\n`);
    }
  }
  for (const [label, xs] of finals) process.stdout.write(`${label}: peaks ${xs.join(', ')} MB\n`);
} finally {
  server.close();
}
