/**
 * The process logger. Lines go to stdout through a buffered, non-blocking destination
 * (LineBuffer in front of sonic-boom): a request's line costs a copy into a buffer, and the
 * writes of many requests share one write(2), so logging stays on by default without
 * costing throughput. Nothing
 * is lost on the paths that end a process without SIGKILL: the buffer is flushed every
 * second while idle, and synchronously on exit (process.exit, SIGTERM's orderly shutdown,
 * and an uncaught exception, which ends in 'exit' too).
 */
import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';
import { LineBuffer } from './log-buffer.js';
import type { RequestLine, RequestLines } from './request-log.js';
import { RequestLineEncoder } from './request-line.js';

const REDACT = ['req.headers.authorization', '*.password', '*.code', '*.access_token', '*.refresh_token'];
const IDLE_FLUSH_MS = 1000;

let stdoutDestination: LineBuffer | undefined;

/** One buffered stdout destination per process, flushed on exit. */
function bufferedStdout(): LineBuffer {
  if (stdoutDestination) return stdoutDestination;
  // sonic-boom writes each chunk as it gets it (asynchronously); LineBuffer makes the chunks.
  const boom = pino.destination({ dest: 1, sync: false, contentMode: 'buffer' });
  const dest = new LineBuffer({
    // In 'buffer' mode sonic-boom takes Buffers; its types declare only the string form.
    write: (chunk) => boom.write(chunk as unknown as string),
    flushSync: () => boom.flushSync(),
  });
  const flushNow = () => {
    try {
      dest.flushSync();
    } catch {
      // stdout already closed (a pipe whose reader left): nothing more can be written.
    }
  };
  process.on('exit', flushNow);
  setInterval(() => dest.flush(), IDLE_FLUSH_MS).unref();
  stdoutDestination = dest;
  return dest;
}

/**
 * The one line per request, written as pino would write it (same keys, same order) but
 * encoded by hand (request-line.ts): its fields are known (method, route pattern, status,
 * code, app, duration) and never hold a secret, and pino's generic serialisation of them was
 * most of a line's cost. It shares the buffered destination with the process logger, so
 * lines stay in order.
 */
export function createRequestLines(level: string): RequestLines {
  const enabled = level !== 'silent' && pino.levels.values[level]! <= pino.levels.values.info!;
  if (!enabled) return { enabled, write: () => undefined };
  const encoder = new RequestLineEncoder(bufferedStdout(), { pid: process.pid, hostname: hostname() });
  return { enabled, write: (l: RequestLine) => encoder.write(l) };
}

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, level === 'silent' ? undefined : bufferedStdout());
}
