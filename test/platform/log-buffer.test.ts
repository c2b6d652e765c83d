/**
 * The request log is buffered, yet no line is lost on the ways a process ends without
 * SIGKILL: process.exit, an uncaught exception, and SIGTERM's orderly shutdown of a server.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
