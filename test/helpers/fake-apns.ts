/**
 * A local APNs: HTTP/2 over TLS (certificate from the run's test CA), POST /3/device/<token>,
 * the provider token (ES256 JWT) verified with the team key's public half. Tests script
 * answers per device token; every request is recorded.
 */
import http2, { type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import { testServerTls } from './tls.js';

export interface ApnsRequest {
  device: string;
  headers: IncomingHttpHeaders;
  payload: Record<string, unknown>;
  jwt: string;
}

export interface ApnsAnswer {
  status: number;
  reason?: string;
  headers?: Record<string, string>;
}

export interface FakeApns {
  url: string;
  requests: ApnsRequest[];
  /** Distinct provider tokens seen, in order. */
  jwts: string[];
  sessions: number;
  answer: (r: ApnsRequest, attempt: number) => ApnsAnswer | undefined;
  close(): Promise<void>;
}

export interface FakeApnsOptions {
  publicKey: KeyObject;
  teamId: string;
  keyId: string;
  now: () => number;
}

export async function startFakeApns(options: FakeApnsOptions): Promise<FakeApns> {
  const server = http2.createSecureServer(testServerTls());
  const attempts = new Map<string, number>();
  const fake: FakeApns = {
    url: '',
    requests: [],
    jwts: [],
    sessions: 0,
    answer: () => undefined,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server.on('session', () => (fake.sessions += 1));
  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (c: string) => (text += c));
    stream.on('end', () => {
      void handle(stream, headers, text).catch(() => respond(stream, { status: 500, reason: 'InternalServerError' }));
    });
  });

  async function handle(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, text: string): Promise<void> {
    const path = /^\/3\/device\/([^/]+)$/.exec(String(headers[':path']));
    if (headers[':method'] !== 'POST') return respond(stream, { status: 405, reason: 'MethodNotAllowed' });
    if (!path) return respond(stream, { status: 404, reason: 'BadPath' });
    const auth = String(headers.authorization ?? '');
    if (!auth.startsWith('bearer ')) return respond(stream, { status: 403, reason: 'MissingProviderToken' });
    const jwt = auth.slice('bearer '.length);
    try {
      const { payload, protectedHeader } = await jwtVerify(jwt, options.publicKey, {
        algorithms: ['ES256'],
        issuer: options.teamId,
        currentDate: new Date(options.now()),
      });
      if (protectedHeader.kid !== options.keyId || typeof payload.iat !== 'number') throw new Error('claims');
      if (options.now() / 1000 - payload.iat > 3600) return respond(stream, { status: 403, reason: 'ExpiredProviderToken' });
    } catch {
      return respond(stream, { status: 403, reason: 'InvalidProviderToken' });
    }
    if (!fake.jwts.includes(jwt)) fake.jwts.push(jwt);
    const r: ApnsRequest = { device: decodeURIComponent(path[1]!), headers, payload: JSON.parse(text) as Record<string, unknown>, jwt };
    fake.requests.push(r);
    const attempt = (attempts.get(r.device) ?? 0) + 1;
    attempts.set(r.device, attempt);
    respond(stream, fake.answer(r, attempt) ?? { status: 200 });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `https://localhost:${(server.address() as AddressInfo).port}`;
  return fake;
}

function respond(stream: ServerHttp2Stream, a: ApnsAnswer): void {
  if (stream.destroyed) return;
  stream.respond({ ':status': a.status, 'apns-id': '00000000-0000-0000-0000-000000000000', ...a.headers });
  stream.end(a.reason ? JSON.stringify({ reason: a.reason }) : undefined);
}
