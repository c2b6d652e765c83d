/**
 * A request's log line encoded byte by byte into the log buffer, the same text pino would
 * write for the same fields. Building it as a template string cost about 1 µs a request
 * (perf, personal_info): three JSON.stringify calls, the concatenated string's flattening,
 * then its UTF-8 encoding into the buffer. Here the strings that repeat (method, route, app
 * id) are encoded once and copied, numbers are written as digits, and the request id, which
 * this server makes itself (app.ts), is copied as ASCII. Any value outside those fast paths
 * (a non-ASCII id, a non-integer number) is still written exactly, through JSON.stringify.
 */
import type { LineBuffer } from './log-buffer.js';
import type { RequestLine } from './request-log.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

export interface ProcessIdentity {
  pid: number;
  hostname: string;
}

/** Most bytes a number takes here: a sign, 17 significant digits, a point and an exponent. */
const NUMBER_BYTES = 26;
/** JSON escapes a UTF-16 unit in at most 6 bytes (\u001f); UTF-8 needs at most 3. */
const ESCAPED_BYTES_PER_UNIT = 6;
/** Distinct app ids whose encoding is kept (routes and methods are bounded by the server). */
const MAX_KEPT = 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class RequestLineEncoder {
  private readonly head = utf8('{"level":30,"time":');
  private readonly afterTime: Buffer;
  private readonly methodKey = utf8(',"method":');
  private readonly routeKey = utf8(',"route":');
  private readonly statusKey = utf8(',"status":');
  private readonly codeKey = utf8(',"code":');
  private readonly appKey = utf8(',"app_id":');
  private readonly msKey = utf8(',"ms":');
  private readonly tail = utf8(',"msg":"request"}\n');
  private readonly fixedBytes: number;
  private readonly kept = new Map<string, Buffer>();
  private readonly prefix: Buffer;
  private prefixLength = 0;
  private prefixTime = Number.NaN;

  constructor(
    private readonly dest: LineBuffer,
    private readonly process: ProcessIdentity,
  ) {
    this.afterTime = utf8(`,"pid":${process.pid},"hostname":${JSON.stringify(process.hostname)},"reqId":`);
    this.prefix = Buffer.alloc(this.head.length + NUMBER_BYTES + this.afterTime.length);
    this.fixedBytes =
      this.head.length +
      this.afterTime.length +
      this.methodKey.length +
      this.routeKey.length +
      this.statusKey.length +
      this.codeKey.length +
      this.appKey.length +
      this.msKey.length +
      this.tail.length +
      4 * NUMBER_BYTES;
  }

  write(l: RequestLine): void {
    const method = this.quoted(l.method);
    const route = this.quoted(l.route);
    const app = l.appId === undefined ? undefined : this.quoted(l.appId);
    const most = this.fixedBytes + method.length + route.length + (app?.length ?? 0) + ESCAPED_BYTES_PER_UNIT * l.reqId.length + 2;
    if (most > this.dest.chunkSize) {
      this.dest.write(requestLineText(l, Date.now(), this.process));
      return;
    }
    let at = this.dest.reserve(most);
    const buf = this.dest.chunkBytes;
    const now = Date.now();
    if (now !== this.prefixTime) this.encodePrefix(now);
    at = copy(buf, at, this.prefix, this.prefixLength);
    at = writeString(buf, at, l.reqId);
    at = copy(buf, at, this.methodKey);
    at = copy(buf, at, method);
    at = copy(buf, at, this.routeKey);
    at = copy(buf, at, route);
    at = copy(buf, at, this.statusKey);
    at = writeNumber(buf, at, l.status);
    at = copy(buf, at, this.codeKey);
    at = writeNumber(buf, at, l.code);
    if (app) {
      at = copy(buf, at, this.appKey);
      at = copy(buf, at, app);
    }
    at = copy(buf, at, this.msKey);
    at = writeTenths(buf, at, l.ms);
    at = copy(buf, at, this.tail);
    this.dest.commit(at);
  }

  /**
   * Everything before the request id, time included: the same for every line written within
   * one millisecond, so encoded once per millisecond.
   */
  private encodePrefix(now: number): void {
    let at = copy(this.prefix, 0, this.head);
    at = writeNumber(this.prefix, at, now);
    this.prefixLength = copy(this.prefix, at, this.afterTime);
    this.prefixTime = now;
  }

  /** The JSON string's UTF-8 bytes, kept for values that repeat. */
  private quoted(s: string): Buffer {
    let q = this.kept.get(s);
    if (q === undefined) {
      q = utf8(JSON.stringify(s));
      if (this.kept.size < MAX_KEPT) this.kept.set(s, q);
    }
    return q;
  }
}

/** The same line as a string: for a line longer than a chunk, and as the reference in tests. */
export function requestLineText(l: RequestLine, time: number, process: ProcessIdentity): string {
  const app = l.appId === undefined ? '' : `,"app_id":${JSON.stringify(l.appId)}`;
  return `{"level":30,"time":${time},"pid":${process.pid},"hostname":${JSON.stringify(process.hostname)},"reqId":${JSON.stringify(l.reqId)},"method":${JSON.stringify(l.method)},"route":${JSON.stringify(l.route)},"status":${JSON.stringify(l.status)},"code":${JSON.stringify(l.code)}${app},"ms":${JSON.stringify(l.ms)},"msg":"request"}\n`;
}

/** Byte by byte: these pieces are short, and TypedArray#set's call cost more than its copy. */
function copy(buf: Buffer, at: number, bytes: Buffer, length = bytes.length): number {
  for (let i = 0; i < length; i++) buf[at + i] = bytes[i]!;
  return at + length;
}

/** As JSON.stringify writes it; integers (all of this line's but ms, usually) as digits. */
function writeNumber(buf: Buffer, at: number, n: number): number {
  if (!Number.isSafeInteger(n)) {
    // Fractions (ms), and NaN or Infinity (JSON's null): rare, and exact through V8.
    return at + buf.write(JSON.stringify(n), at, 'latin1');
  }
  if (n < 0) {
    buf[at++] = 0x2d;
    n = -n;
  }
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  const end = at + digits;
  let i = end;
  do {
    const q = Math.floor(n / 10);
    buf[--i] = 0x30 + (n - q * 10);
    n = q;
  } while (n > 0);
  return end;
}

/** A duration rounded to tenths, as JSON.stringify writes it ("12", "0.5"). */
function writeTenths(buf: Buffer, at: number, ms: number): number {
  const tenths = Math.round(ms * 10);
  // Below 1e15 tenths, "whole.tenth" is the shortest text that reads back as ms: JavaScript's.
  if (!(tenths >= 0 && tenths < 1e15 && tenths / 10 === ms)) return writeNumber(buf, at, ms);
  const tenth = tenths % 10;
  at = writeNumber(buf, at, (tenths - tenth) / 10);
  if (tenth === 0) return at;
  buf[at] = 0x2e;
  buf[at + 1] = 0x30 + tenth;
  return at + 2;
}

/** A JSON string: copied as it is when it is printable ASCII with nothing to escape. */
function writeString(buf: Buffer, at: number, s: string): number {
  const start = at;
  buf[at++] = QUOTE;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) return start + buf.write(JSON.stringify(s), start, 'utf8');
    buf[at++] = c;
  }
  buf[at++] = QUOTE;
  return at;
}
