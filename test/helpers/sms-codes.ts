/**
 * Users of a real server process: an SMS webhook receiver (receiver.ts) that keeps the last
 * code sent to each phone, and registration through the client API with that code.
 */
import { expect } from 'vitest';
import { startReceiver, type Receiver } from './receiver.js';
import { call } from './server-process.js';

export interface CodeCatcher extends Receiver {
  /** The last code sent to each phone number. */
  codes: Map<string, string>;
}

/** Give the server SMS_PROVIDER=webhook and SMS_WEBHOOK_URL=catcher.url. */
export async function startCodeCatcher(): Promise<CodeCatcher> {
  const codes = new Map<string, string>();
  const receiver = await startReceiver((req, res) => {
    codes.set(req.body.phone as string, req.body.code as string);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  return Object.assign(receiver, { codes });
}

export interface RegisteredUser {
  accessToken: string;
  refreshToken: string;
  /** `Authorization: Token <access token>`. */
  headers: Record<string, string>;
}

/** Sends a code to `phone` and registers it with that code. */
export async function registerPhoneUser(url: string, sms: CodeCatcher, phone: string, password = 'password123'): Promise<RegisteredUser> {
  const sent = await call(url, 'POST', '/api/auth/send_code', { account: phone });
  expect(sent.body, JSON.stringify(sent.body)).toMatchObject({ code: 0 });
  const reg = await call(url, 'POST', '/api/auth/register', { account: phone, code: sms.codes.get(phone), password });
  expect(reg.body, JSON.stringify(reg.body)).toMatchObject({ code: 0 });
  const accessToken = reg.body.data.access_token as string;
  return { accessToken, refreshToken: reg.body.data.refresh_token as string, headers: { authorization: `Token ${accessToken}` } };
}
