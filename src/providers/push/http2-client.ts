/**
 * One long-lived HTTP/2 session per key (an origin, or an origin and an APNs team), many
 * requests in flight on it. A session that closes, errs or receives GOAWAY is forgotten
 * and the next request opens a new one. TLS is verified with Node's trust store (which
 * includes NODE_EXTRA_CA_CERTS); an http:// origin speaks cleartext HTTP/2 (h2c).
 */
import http2, { type ClientHttp2Session, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import { PushConfigurationError } from './push-provider.js';

export interface Http2Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Error answers are small JSON documents; a runaway body is cut rather than buffered. */
const MAX_BODY_CHARS = 64 * 1024;
/** An idle session is closed, so that idle apps hold no connection. */
const IDLE_MS = 5 * 60_000;

export class Http2Client {
  private readonly sessions = new Map<string, ClientHttp2Session>();

  constructor(private readonly timeoutMs: number) {}

  /** Rejects on network failures, resets and timeouts (all worth retrying). */
  request(key: string, origin: string, headers: OutgoingHttpHeaders, body: string): Promise<Http2Response> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        reject(err);
      };
      let stream: http2.ClientHttp2Stream;
      try {
        stream = this.session(key, origin).request(headers);
      } catch (err) {
        fail(err as Error);
        return;
      }
      let status = 0;
      let resHeaders: IncomingHttpHeaders = {};
      let text = '';
      stream.setEncoding('utf8');
      stream.setTimeout(this.timeoutMs, () => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        fail(new Error(`no answer within ${this.timeoutMs} ms`));
      });
      stream.on('response', (h) => {
        status = Number(h[':status']);
        resHeaders = h;
      });
      stream.on('data', (chunk: string) => {
        if (text.length < MAX_BODY_CHARS) text += chunk;
      });
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ status, headers: resHeaders, body: text });
      });
      stream.on('error', fail);
      stream.on('close', () => fail(new Error(`stream closed without an answer (code ${stream.rstCode ?? 'none'})`)));
      stream.end(body);
    });
  }

  async close(): Promise<void> {
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(open.map((s) => new Promise<void>((resolve) => (s.closed ? resolve() : s.close(() => resolve())))));
  }

  private session(key: string, origin: string): ClientHttp2Session {
    const existing = this.sessions.get(key);
    if (existing && !existing.closed && !existing.destroyed) return existing;
    const session = http2.connect(origin);
    const forget = () => {
      if (this.sessions.get(key) === session) this.sessions.delete(key);
    };
    // Failures reach the streams too; the session itself only has to be forgotten.
    session.on('error', forget);
    session.on('goaway', forget);
    session.on('close', forget);
    session.setTimeout(IDLE_MS, () => {
      forget();
      session.close();
    });
    this.sessions.set(key, session);
    return session;
  }
}

/** The session goes to the origin; a path in base_url (a proxy's) prefixes each request. */
export function splitBaseUrl(provider: string, baseUrl: string): { origin: string; prefix: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new PushConfigurationError(`${provider}.base_url is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PushConfigurationError(`${provider}.base_url is not http(s)`);
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}
