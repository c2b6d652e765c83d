/**
 * The request log is buffered, yet no line is lost on the ways a process ends without
 * SIGKILL: process.exit, an uncaught exception, and SIGTERM's orderly shutdown of a server.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineBuffer } from '../../src/platform/log-buffer.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { call, startServer } from '../helpers/server-process.js';

function runScript(code: string): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    proc.on('close', (status) => resolve({ status, stdout }));
  });
}

const logLines = (stdout: string, msg: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { msg: string; i?: number })
    .filter((l) => l.msg === msg);

const LOGGER = new URL('../../src/platform/logger.ts', import.meta.url).href;
const REQUEST_LOG = new URL('../../src/platform/request-log.ts', import.meta.url).href;

describe('buffered log output', () => {
  it('flushes every line on process.exit', async () => {
    const { status, stdout } = await runScript(
      `const { createLogger } = await import(${JSON.stringify(LOGGER)});
       const log = createLogger('info');
       for (let i = 0; i < 2000; i++) log.info({ i }, 'line');
       process.exit(0);`,
    );
    expect(status).toBe(0);
    const lines = logLines(stdout, 'line');
    expect(lines).toHaveLength(2000);
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });

  it('flushes every line when the process dies of an uncaught exception', async () => {
    const { status, stdout } = await runScript(
      `const { createLogger } = await import(${JSON.stringify(LOGGER)});
       const log = createLogger('info');
       for (let i = 0; i < 300; i++) log.info({ i }, 'before crash');
       setTimeout(() => { throw new Error('boom'); }, 0);`,
    );
    expect(status).not.toBe(0);
    expect(logLines(stdout, 'before crash')).toHaveLength(300);
  });

  it('writes lines while idle, without waiting for the buffer to fill or the process to end', async () => {
    const proc = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { createLogger } = await import(${JSON.stringify(LOGGER)});
         createLogger('info').info('alone');
         setInterval(() => undefined, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let stdout = '';
    const arrived = new Promise<boolean>((resolve) => {
      const bound = setTimeout(() => resolve(false), 60_000);
      proc.stdout.on('data', (c: Buffer) => {
        stdout += c.toString('utf8');
        if (stdout.includes('"alone"')) {
          clearTimeout(bound);
          resolve(true);
        }
      });
    });
    const ok = await arrived;
    // Killed outright once the line is out: no exit handler wrote it.
    proc.kill('SIGKILL');
    expect(ok).toBe(true);
    expect(logLines(stdout, 'alone')).toHaveLength(1);
  }, 90_000);
});

describe('LineBuffer', () => {
  /** A sink that keeps what it is handed, as sonic-boom keeps a chunk until its write is done. */
  function sink() {
    const chunks: Buffer[] = [];
    return { chunks, write: (c: Buffer) => chunks.push(c), flushSync: () => undefined, text: () => Buffer.concat(chunks).toString('utf8') };
  }

  it('hands out whole lines in chunks no larger than its size, each chunk left as it was handed', () => {
    const s = sink();
    const buffer = new LineBuffer(s, 1024);
    const lines = Array.from({ length: 200 }, (_, i) => `{"i":${i},"msg":"line ${'x'.repeat(i % 50)}"}\n`);
    for (const l of lines) buffer.write(l);
    buffer.flush();
    expect(s.chunks.length).toBeGreaterThan(5);
    for (const c of s.chunks) {
      expect(c.length).toBeLessThanOrEqual(1024);
      expect(c.toString('utf8').endsWith('\n')).toBe(true);
    }
    // Later lines went to new buffers: the first chunk still reads as it did.
    expect(s.text()).toBe(lines.join(''));
  });

  it('keeps multi-byte characters whole across chunk boundaries, and writes a line longer than a chunk on its own', () => {
    const s = sink();
    const buffer = new LineBuffer(s, 256);
    const lines = [
      `{"msg":"反馈 ${'é'.repeat(30)} 😀"}\n`,
      `{"msg":"${'长'.repeat(200)}"}\n`,
      '{"msg":"after"}\n',
      `{"msg":"${'日志'.repeat(20)}"}\n`,
    ];
    for (const l of lines) buffer.write(l);
    buffer.flushSync();
    expect(s.text()).toBe(lines.join(''));
    expect(s.chunks.some((c) => c.toString('utf8') === lines[1])).toBe(true);
    for (const c of s.chunks) expect(Buffer.from(c.toString('utf8'), 'utf8').equals(c)).toBe(true);
  });

  it('writes nothing when nothing is gathered', () => {
    const s = sink();
    const buffer = new LineBuffer(s, 256);
    buffer.flush();
    buffer.flushSync();
    expect(s.chunks).toEqual([]);
  });
});

describe('request lines', () => {
  it('are written as pino writes the same fields, in order with the other lines', async () => {
    const { status, stdout } = await runScript(
      `const { createLogger, createRequestLines } = await import(${JSON.stringify(LOGGER)});
       const { pinoRequestLines } = await import(${JSON.stringify(REQUEST_LOG)});
       const log = createLogger('info');
       const lines = createRequestLines('info');
       const fields = { reqId: 'ab-1', method: 'GET', route: '/api/x/:id "q"', status: 200, code: 0, ms: 1.5 };
       pinoRequestLines(log).write({ ...fields, appId: 'shop' });
       lines.write({ ...fields, appId: 'shop' });
       lines.write({ ...fields, appId: undefined, status: 404, code: 10001 });
       log.info('last');
       process.exit(0);`,
    );
    expect(status).toBe(0);
    const [viaPino, handMade, noApp, last] = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(handMade!)).toEqual(Object.keys(viaPino!));
    expect({ ...handMade, time: 0 }).toEqual({ ...viaPino, time: 0 });
    expect(noApp).not.toHaveProperty('app_id');
    expect(noApp).toMatchObject({ status: 404, code: 10001, route: '/api/x/:id "q"' });
    expect(last!.msg).toBe('last');
  });

  it('are not built below the info level', async () => {
    const { createRequestLines } = await import('../../src/platform/logger.js');
    expect(createRequestLines('warn').enabled).toBe(false);
    expect(createRequestLines('silent').enabled).toBe(false);
  });
});

describe('a server stopped with SIGTERM', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('has written one line per request answered', { timeout: 300_000 }, async () => {
    const server = await startServer({ DATABASE_URL: database.url, LOG_LEVEL: 'info', APPDESK_WORKER: 'false' });
    const n = 120;
    for (let i = 0; i < n; i++) expect((await call(server.url, 'GET', '/api/faq')).body.code).toBe(0);
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const requests = logLines(server.output(), 'request').filter((l) => (l as { route?: string }).route === '/api/faq');
    expect(requests).toHaveLength(n);
  });
});
