/**
 * A local FCM HTTP v1 over TLS: the OAuth2 token endpoint (jwt-bearer grant, the assertion
 * verified with the service account's public key) and messages:send over HTTP/2 (only
 * access tokens it issued are accepted). Tests script answers per device token.
 */
import http2, { type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import { testServerTls } from './tls.js';

export interface FcmSend {
  token: string;
  message: Record<string, unknown>;
  authorization: string;
  httpVersion: string;
}

export interface FcmAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeFcm {
  url: string;
  tokenUri: string;
  exchanges: { iat: number; exp: number; scope: unknown; kid?: string }[];
  sends: FcmSend[];
  /** Sessions (connections) the send endpoint saw. */
  sessions: number;
  /** Answers the token endpoint with this instead of a token when set. */
  refuseExchange?: FcmAnswer;
  /** A scripted answer for one send, or undefined for 200. */
  answer: (send: FcmSend, attempt: number) => FcmAnswer | undefined;
  close(): Promise<void>;
}

export interface FakeFcmOptions {
  publicKey: KeyObject;
  clientEmail: string;
  projectId: string;
  /** The time assertions are checked at (the app's manual clock). */
  now: () => number;
}

export async function startFakeFcm(options: FakeFcmOptions): Promise<FakeFcm> {
  const issued = new Set<string>();
  const attempts = new Map<string, number>();
  const server = http2.createSecureServer({ ...testServerTls(), allowHTTP1: true });
  const fake: FakeFcm = {
    url: '',
    tokenUri: '',
    exchanges: [],
    sends: [],
    sessions: 0,
    answer: () => undefined,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server.on('session', () => (fake.sessions += 1));
  server.on('request', (req: Http2ServerRequest, res: Http2ServerResponse) => {
    void handle(req, res).catch((err: Error) => reply(res, 500, { error: { message: err.message } }));
  });

  async function handle(req: Http2ServerRequest, res: Http2ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (req.url === '/token' && req.method === 'POST') return token(req, res, body);
    const send = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(req.url);
    if (!send || req.method !== 'POST') return reply(res, 404, { error: { code: 404, message: 'no such route', status: 'NOT_FOUND' } });
    const authorization = String(req.headers.authorization ?? '');
    if (!issued.has(authorization.replace(/^Bearer /, ''))) {
      return reply(res, 401, {
        error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' },
      });
    }
    if (send[1] !== options.projectId)
      return reply(res, 403, { error: { code: 403, message: 'wrong project', status: 'PERMISSION_DENIED' } });
    const message = (JSON.parse(body) as { message: Record<string, unknown> }).message;
    const s: FcmSend = { token: String(message.token), message, authorization, httpVersion: req.httpVersion };
    fake.sends.push(s);
    const attempt = (attempts.get(s.token) ?? 0) + 1;
    attempts.set(s.token, attempt);
    const scripted = fake.answer(s, attempt);
    if (scripted) return reply(res, scripted.status, scripted.body, scripted.headers);
    reply(res, 200, { name: `projects/${options.projectId}/messages/${fake.sends.length}` });
  }

  async function token(req: Http2ServerRequest, res: Http2ServerResponse, body: string): Promise<void> {
    if (fake.refuseExchange) return reply(res, fake.refuseExchange.status, fake.refuseExchange.body);
    const form = new URLSearchParams(body);
    if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return reply(res, 400, { error: 'invalid_request' });
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return reply(res, 400, { error: 'unsupported_grant_type' });
    try {
      const { payload, protectedHeader } = await jwtVerify(form.get('assertion') ?? '', options.publicKey, {
        algorithms: ['RS256'],
        issuer: options.clientEmail,
        audience: fake.tokenUri,
        currentDate: new Date(options.now()),
      });
      if (payload.scope !== 'https://www.googleapis.com/auth/firebase.messaging') throw new Error('scope');
      if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number' || payload.exp - payload.iat > 3600)
        throw new Error('lifetime');
      fake.exchanges.push({ iat: payload.iat, exp: payload.exp, scope: payload.scope, kid: protectedHeader.kid });
    } catch (err) {
      return reply(res, 400, { error: 'invalid_grant', error_description: (err as Error).message });
    }
    const accessToken = `ya29.fake-${fake.exchanges.length}`;
    issued.add(accessToken);
    reply(res, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `https://localhost:${port}`;
  fake.tokenUri = `${fake.url}/token`;
  return fake;
}

function readBody(req: Http2ServerRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function reply(res: Http2ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
