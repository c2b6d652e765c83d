import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newPhone, type TestApp } from '../helpers/app.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { EVENT_MS } from '../helpers/wait.js';

const send = (t: TestApp, payload: object, headers: Record<string, string> = {}) =>
  t.request({ method: 'POST', url: '/api/auth/send_code', payload, headers });
const check = (t: TestApp, payload: object) => t.request({ method: 'POST', url: '/api/auth/check_code', payload });

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('POST /api/auth/send_code: limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { CODE_DAILY_LIMIT: '3', CODE_IP_HOURLY_LIMIT: '5', TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('sends a 6-digit code; a second send within the interval is 10010; later it is allowed', async () => {
    const phone = newPhone();
    expect((await send(t, { account: phone })).body).toEqual({ code: 0, message: 'success', data: {} });
    expect(t.sms.lastCodeFor(phone)).toMatch(/^\d{6}$/);
    const again = await send(t, { account: phone });
    expect(again.status).toBe(429);
    expect(again.body.code).toBe(10010);
    t.clock.advance(60_000);
    expect((await send(t, { account: phone })).body.code).toBe(0);
  });

  it('allows CODE_DAILY_LIMIT sends per rolling 24 hours', async () => {
    const phone = newPhone();
    for (let i = 0; i < 3; i++) {
      expect((await send(t, { account: phone }, { 'x-forwarded-for': `10.1.0.${i}` })).body.code).toBe(0);
      t.clock.advance(61_000);
    }
    expect((await send(t, { account: phone }, { 'x-forwarded-for': '10.1.0.9' })).body.code).toBe(10010);
    t.clock.advance(24 * 3600_000 - 3 * 61_000 + 1000);
    expect((await send(t, { account: phone }, { 'x-forwarded-for': '10.1.0.10' })).body.code).toBe(0);
  });

  it('allows CODE_IP_HOURLY_LIMIT sends per client IP per rolling hour; a refused send consumes nothing', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 5; i++) expect((await send(t, { account: newPhone() }, ip)).body.code).toBe(0);
    const phone = newPhone();
    expect((await send(t, { account: phone }, ip)).body.code).toBe(10010);
    // The refused send used neither the account's interval nor its daily count.
    expect((await send(t, { account: phone }, { 'x-forwarded-for': '203.0.113.8' })).body.code).toBe(0);
    t.clock.advance(3600_000 + 1000);
    expect((await send(t, { account: newPhone() }, ip)).body.code).toBe(0);
  });

  it('answers the same for registered and unregistered accounts', async () => {
    const phone = newPhone();
    await send(t, { account: phone });
    const code = t.sms.lastCodeFor(phone);
    await t.request({ method: 'POST', url: '/api/auth/register', payload: { account: phone, code, password: 'password123' } });
    t.clock.advance(61_000);
    const registered = await send(t, { account: phone });
    const fresh = await send(t, { account: newPhone() });
    expect(registered.body).toEqual(fresh.body);
    expect(registered.status).toBe(fresh.status);
  });

  it.each([
    [{ account: '12345' }],
    [{ account: '13800138000', area: '1' }],
    [{ account: 'not-an-email@' }],
    [{ account: '' }],
    [{}],
    [{ account: 13800138000 }],
  ])('refuses %j with 10005', async (payload) => {
    const res = await send(t, payload);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
  });

  it('accepts other calling codes and normalises the number', async () => {
    expect((await send(t, { area: '1', account: '(415) 555-0132' })).body.code).toBe(0);
    expect(t.sms.sent.at(-1)).toMatchObject({ area: '1', phone: '4155550132' });
    expect((await send(t, { account: '+44 7911 123456' })).body.code).toBe(0);
    expect(t.sms.sent.at(-1)).toMatchObject({ area: '44', phone: '7911123456' });
  });
});

describe('POST /api/auth/send_code: SMS webhook provider', () => {
  let t: TestApp;
  let hook: Receiver;
  beforeAll(async () => {
    hook = await startReceiver();
    // A long timeout for answered requests (a short one fires on a loaded machine and turns
    // a 0 into 10013); the test about the timeout runs an app of its own with 300 ms.
    t = await buildTestApp({
      realProviders: true,
      env: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: hook.url, SMS_TIMEOUT_MS: String(EVENT_MS) },
    });
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
  });

  it('POSTs {app_id, area, phone, code, text} and the code then checks', async () => {
    const res = await send(t, { account: '13800138000' });
    expect(res.body.code).toBe(0);
    const body = hook.requests.at(-1)!.body;
    expect(body).toMatchObject({ app_id: '', area: '86', phone: '13800138000' });
    expect(body.code).toMatch(/^\d{6}$/);
    expect(body.text).toContain(body.code);
    expect((await check(t, { account: '13800138000', code: body.code })).body.code).toBe(0);
  });

  it.each([
    [402, 10011, 503],
    [500, 10012, 502],
    [400, 10012, 502],
  ])('maps a %i answer to %i, consumes no limit and stores no code', async (status, code, http) => {
    const phone = newPhone();
    hook.respond((_r, res) => res.writeHead(status).end());
    const res = await send(t, { account: phone });
    expect(res.status).toBe(http);
    expect(res.body.code).toBe(code);
    const sentCode = hook.requests.at(-1)!.body.code as string;
    expect((await check(t, { account: phone, code: sentCode })).body.code).toBe(10008);
    hook.respond((_r, r) => r.writeHead(200).end('{}'));
    expect((await send(t, { account: phone })).body.code).toBe(0);
  });

  it('maps no answer within SMS_TIMEOUT_MS to 10013', async () => {
    hook.respond(() => undefined);
    const t2 = await buildTestApp({
      realProviders: true,
      env: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: hook.url, SMS_TIMEOUT_MS: '300' },
    });
    try {
      const res = await send(t2, { account: newPhone() });
      expect(res.body.code).toBe(10013);
    } finally {
      hook.respond((_r, r) => r.writeHead(200).end('{}'));
      await t2.close();
    }
  });

  it('maps a closed port to 10013', async () => {
    const port = await closedPort();
    const t2 = await buildTestApp({ realProviders: true, env: { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: `http://127.0.0.1:${port}/` } });
    try {
      const res = await send(t2, { account: newPhone() });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe(10013);
    } finally {
      await t2.close();
    }
  });
});

describe('POST /api/auth/send_code: SMTP provider', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const mails: { to: string; text: string }[] = [];
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), text: raw });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as { port: number }).port;
    t = await buildTestApp({
      realProviders: true,
      env: { EMAIL_PROVIDER: 'smtp', SMTP_URL: `smtp://127.0.0.1:${port}`, EMAIL_FROM: 'appdesk <no-reply@test.local>' },
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  it('mails the 6-digit code in the plain-text body to the lower-cased address', async () => {
    const res = await send(t, { account: '  Someone@Example.COM ' });
    expect(res.body.code).toBe(0);
    const mail = mails.at(-1)!;
    expect(mail.to).toBe('someone@example.com');
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
    expect(code).toBeDefined();
    expect((await check(t, { account: 'someone@example.com', code })).body.code).toBe(0);
  });

  it('maps an unreachable SMTP server to 10014', async () => {
    const port = await closedPort();
    const t2 = await buildTestApp({ realProviders: true, env: { EMAIL_PROVIDER: 'smtp', SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      const res = await send(t2, { account: 'x@example.com' });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe(10014);
      expect((await send(t2, { account: 'x@example.com' })).body.code).toBe(10014);
    } finally {
      await t2.close();
    }
  });

  it('uses EMAIL_TIMEOUT_MS, not SMS_TIMEOUT_MS, for a server that never greets', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const t2 = await buildTestApp({
      realProviders: true,
      env: { EMAIL_PROVIDER: 'smtp', SMTP_URL: `smtp://127.0.0.1:${port}`, EMAIL_TIMEOUT_MS: '300', SMS_TIMEOUT_MS: '3600000' },
    });
    try {
      expect((await send(t2, { account: 'slow@example.com' })).body.code).toBe(10014);
    } finally {
      await t2.close();
      silent.close();
    }
  });
});

describe('SMTP over STARTTLS verifies the certificate', () => {
  let smtp: SMTPServer;
  let port: number;
  const received: string[] = [];
  beforeAll(async () => {
    // STARTTLS enabled with smtp-server's built-in self-signed certificate.
    smtp = new SMTPServer({
      authOptional: true,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          received.push(session.envelope.rcptTo.map((r) => r.address).join(','));
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    port = (smtp.server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => smtp.close(() => r())));

  it('refuses an unverifiable certificate (10014) and sends nothing', async () => {
    const t2 = await buildTestApp({ realProviders: true, env: { EMAIL_PROVIDER: 'smtp', SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      expect((await send(t2, { account: 'tls-strict@example.com' })).body.code).toBe(10014);
      expect(received).not.toContain('tls-strict@example.com');
    } finally {
      await t2.close();
    }
  });

  it('sends when the operator opts out with ?tls_verify=false', async () => {
    const t2 = await buildTestApp({
      realProviders: true,
      env: { EMAIL_PROVIDER: 'smtp', SMTP_URL: `smtp://127.0.0.1:${port}?tls_verify=false` },
    });
    try {
      expect((await send(t2, { account: 'tls-lax@example.com' })).body.code).toBe(0);
      expect(received).toContain('tls-lax@example.com');
    } finally {
      await t2.close();
    }
  });
});
