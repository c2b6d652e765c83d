/**
 * One HTTP/1.1 exchange with a provider's REST API (SMS, push, OAuth token endpoints), over
 * node:http and node:https. Not fetch: Node's fetch is undici, which loads about 13 MB of
 * resident memory into the process at its first call (measured: a process at 43 MB read 58
 * after one fetch to 127.0.0.1, 45 after the same POST through node:http), and the first
 * verification code a server sends would pay it. Connections are kept alive by Node's
 * global agents, as fetch kept them.
 */
import { request as httpRequestRaw, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequestRaw } from 'node:https';

export interface HttpAnswer {
  status: number;
  /** A 2xx status. */
  ok: boolean;
  /** Lower-case names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  text: string;
}

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The deadline covers the answer's body too: a server that stalls mid-answer is as unavailable. */
  timeoutMs: number;
}

/** Provider answers are small JSON documents; anything past this is not one. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** No whole answer: refused, DNS, timed out, cut off, or too large. `code` is Node's (ECONNREFUSED…) when there is one. */
export class HttpRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'HttpRequestError';
  }
}

export function httpRequest(url: string, options: HttpRequestOptions): Promise<HttpAnswer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new HttpRequestError(`not a URL: ${url}`, 'ERR_INVALID_URL'));
  }
  const send = target.protocol === 'https:' ? httpsRequestRaw : target.protocol === 'http:' ? httpRequestRaw : undefined;
  if (!send) return Promise.reject(new HttpRequestError(`not an http(s) URL: ${url}`, 'ERR_INVALID_URL'));
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers: Record<string, string | number> = { ...options.headers };
  if (body) headers['content-length'] = body.length;

  return new Promise((resolve, reject) => {
    let settled = false;
    let req: ReturnType<typeof send> | undefined;
    const timer = setTimeout(() => fail(new HttpRequestError(`no answer within ${options.timeoutMs} ms`, 'ETIMEDOUT')), options.timeoutMs);
    function fail(err: unknown) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      const e = err as NodeJS.ErrnoException;
      reject(err instanceof HttpRequestError ? err : new HttpRequestError(e.message, e.code));
    }
    const onAnswer = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) fail(new HttpRequestError(`answer larger than ${MAX_ANSWER_BYTES} bytes`, 'ETOOLARGE'));
        else chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      // A connection closed before the body's end: no 'end', and no error on every Node version.
      res.on('close', () => {
        if (!res.complete) fail(new HttpRequestError('answer cut off', 'ECONNRESET'));
      });
    };
    try {
      req = send(target, { method: options.method ?? 'GET', headers }, onAnswer);
    } catch (err) {
      // Headers node:http refuses (a control character in a credential, say).
      fail(err);
      return;
    }
    req.on('error', fail);
    req.end(body);
  });
}

/** A header's value as text (the first, when repeated). */
export function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
