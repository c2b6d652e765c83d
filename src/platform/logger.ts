/**
 * The process logger. Lines go to stdout through a buffered, non-blocking destination
 * (sonic-boom): a request's line costs a string append, and the writes of many requests
 * share one write(2), so logging stays on by default without costing throughput. Nothing
 * is lost on the paths that end a process without SIGKILL: the buffer is flushed every
 * second while idle, and synchronously on exit (process.exit, SIGTERM's orderly shutdown,
 * and an uncaught exception, which ends in 'exit' too).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

const REDACT = ['req.headers.authorization', '*.password', '*.code', '*.access_token', '*.refresh_token'];
const BUFFER_BYTES = 8 * 1024;
const IDLE_FLUSH_MS = 1000;

type Buffered = DestinationStream & { flush(cb?: (err?: Error) => void): void; flushSync(): void };

let stdoutDestination: Buffered | undefined;

/** One buffered stdout destination per process, flushed on exit. */
function bufferedStdout(): Buffered {
  if (stdoutDestination) return stdoutDestination;
  const dest = pino.destination({ dest: 1, sync: false, minLength: BUFFER_BYTES }) as unknown as Buffered;
  const flushNow = () => {
    try {
      dest.flushSync();
    } catch {
      // stdout already closed (a pipe whose reader left): nothing more can be written.
    }
  };
  process.on('exit', flushNow);
  setInterval(() => dest.flush(() => undefined), IDLE_FLUSH_MS).unref();
  stdoutDestination = dest;
  return dest;
}

/**
 * The logger of the one line per request. Those lines are built from named fields that
 * never hold a secret (method, route pattern, status, code, app, duration), so they skip
 * redaction, which doubles pino's cost per line (7.6 against 3.4 µs measured here); they
 * share the buffered destination with everything else, so lines still come out in order.
 */
export function createRequestLineLogger(level: string): Logger {
  return pino({ level }, level === 'silent' ? undefined : bufferedStdout());
}

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, level === 'silent' ? undefined : bufferedStdout());
}
