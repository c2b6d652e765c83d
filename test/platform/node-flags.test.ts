/**
 * The V8 flags every server and worker process runs with. `--max-old-space-size` under
 * 2048 MB is what keeps an FCM or APNs fan-out flat in memory: Node 20's HTTP/2 client
 * leaves a few KB per request in the old generation (garbage that only a major GC frees),
 * and V8 lets the old generation grow to 4× its live size between major GCs when its limit
 * is 2 GB or more (the default on a machine with 8 GB of memory or more), against 1.3–2×
 * below that. With 4×, a 100,000-device push peaked 80–90 MB above a 10,000-device one.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The flags between `node` and the entry point of a command line. */
function flagsOf(command: string, entry: string): string[] {
  const m = new RegExp(`\\bnode ((?:--\\S+ )*)${entry.replace(/[./]/g, '\\$&')}`).exec(command);
  if (!m) throw new Error(`no "node … ${entry}" in: ${command}`);
  return m[1]!.trim().split(' ');
}

/** An exec-form command (Dockerfile CMD, compose command) as one line. */
const execForm = (line: string) => (JSON.parse(line.replace(/'/g, '"')) as string[]).join(' ');

describe('node flags of the server and worker processes', () => {
  const npmStart = flagsOf(scripts.start!, 'dist/server.js');

  it('are the same for npm start, npm run worker, the image and compose', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1];
    const composeWorker = /command: (\[.*dist\/worker\.js.*\])/.exec(readFileSync('compose.yaml', 'utf8'))?.[1];
    expect(flagsOf(scripts.worker!, 'dist/worker.js')).toEqual(npmStart);
    expect(flagsOf(execForm(cmd!), 'dist/server.js')).toEqual(npmStart);
    expect(flagsOf(execForm(composeWorker!), 'dist/worker.js')).toEqual(npmStart);
  });

  it('run under the same malloc settings: large blocks returned when freed, and two heaps for all threads', () => {
    // MALLOC_MMAP_THRESHOLD_: blocks of 128 KiB and more are mmapped and returned when freed.
    // glibc's default raises that threshold after each such block freed (up to 32 MiB), so
    // later large blocks come from the heap and stay resident behind smaller live ones: 6-7 MB
    // of the peak (docs/benchmarks.md, eleventh pass). MALLOC_ARENA_MAX: glibc gives each
    // thread that allocates at once a heap of its own (up to 8 a core), each keeping what its
    // thread freed; two for all of them held 2-3 MB less at the peak (fifteenth pass).
    const expected = { MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_ARENA_MAX: '2' };
    const env = (command: string) =>
      Object.fromEntries(
        [...(/^(?:.*&& )?((?:[A-Z_]+=\S+ )+)node /.exec(command)?.[1] ?? '').matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]]),
      );
    expect(env(scripts.start!)).toEqual(expected);
    expect(env(scripts.worker!)).toEqual(expected);
    // The image sets them for every process it runs (the server, and compose's worker).
    const image = /^ENV (MALLOC_.*)$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1] ?? '';
    expect(Object.fromEntries([...image.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]]))).toEqual(expected);
  });

  it('cap the old generation under 2 GB, where V8 stops growing the heap by 4×', () => {
    const cap = npmStart.map((f) => /^--max-old-space-size=(\d+)$/.exec(f)?.[1]).find(Boolean);
    expect(Number(cap)).toBeGreaterThanOrEqual(512);
    expect(Number(cap)).toBeLessThan(2048);
    // Node accepts them as given, and the heap limit follows.
    const limit = Number(
      execFileSync(process.execPath, [...npmStart, '-p', 'require("v8").getHeapStatistics().heap_size_limit']).toString(),
    );
    expect(limit).toBeLessThan(2048 * 1024 * 1024);
  });

  it('keep the young generation at 4 MiB a semi-space from the start, so that an idle spell cannot shrink it', () => {
    // V8's memory reducer shrinks an idle server's young generation to 1 MiB; it grew back so
    // slowly that the next 120,000 requests cost 20-40 % more CPU each (docs/benchmarks.md).
    const newSpace = JSON.parse(
      execFileSync(process.execPath, [
        ...npmStart,
        '-p',
        'JSON.stringify(require("v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space"))',
      ]).toString(),
    ) as { space_size: number };
    expect(newSpace.space_size).toBeGreaterThanOrEqual(4 * 1024 * 1024);
  });
});
