/** What the SMS provider tests share: the two endpoints they drive and what a failed send must leave. */
import { createServer } from 'node:net';
import { expect } from 'vitest';
import { MESSAGES, type ErrorCode } from '../../src/platform/errors.js';
import type { TestApp } from '../helpers/app.js';

export const MAINLAND = { area: '86', account: '13800138000' };
export const UK = { area: '44', account: '7911123456' };

export const sendCode = (t: TestApp, payload: { area?: string; account: string }, appId?: string) =>
  t.request({ method: 'POST', url: '/api/auth/send_code', payload, headers: appId ? { 'x-app-id': appId } : {} });

export const checkCode = (t: TestApp, payload: { area?: string; account: string; code: string }, appId?: string) =>
  t.request({ method: 'POST', url: '/api/auth/check_code', payload, headers: appId ? { 'x-app-id': appId } : {} });

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

let seq = 0;
/** A mainland mobile number no other test of this file uses. */
export function freshMainland(): { area: string; account: string } {
  seq += 1;
  return { area: '86', account: `139${String((process.pid * 1000 + seq) % 100000000).padStart(8, '0')}` };
}

/**
 * A send failed with `code` (HTTP `status`) stored no code and used no limit: no code row for
 * the account, and the same account may send again at once (the interval is 60 s and the
 * clock stands still) once the provider accepts.
 */
export async function expectFailedSendLeavesNothing(
  t: TestApp,
  phone: { area: string; account: string },
  code: ErrorCode,
  status: number,
  accept: () => void,
): Promise<void> {
  const res = await sendCode(t, phone);
  // The contract's own message: nothing of the provider's answer reaches the client.
  expect(res.body).toEqual({ code, message: MESSAGES.en[code], data: {} });
  expect(res.status).toBe(status);
  const rows = await t.container.database.db
    .selectFrom('verification_codes')
    .select('id')
    .where('account', '=', `${phone.area}:${phone.account}`)
    .execute();
  expect(rows).toEqual([]);
  accept();
  expect((await sendCode(t, phone)).body.code).toBe(0);
}
