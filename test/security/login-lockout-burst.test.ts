/**
 * The login lockout under parallel requests: a failure slot is reserved before the password
 * is checked, so a burst can never be checked more than LOGIN_MAX_FAILURES times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerUser, type TestApp } from '../helpers/app.js';

const MAX = 10;
const BURST = 30;

function tally(codes: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const c of codes) out[c] = (out[c] ?? 0) + 1;
  return out;
}

describe('login lockout under a burst', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { LOGIN_MAX_FAILURES: String(MAX) } });
  });
  afterAll(() => t.close());

  const userLogin = (account: string, password: string) =>
    t.request({ method: 'POST', url: '/api/auth/access_token', payload: { account, password } });
  const managerLogin = (username: string, password: string) =>
    t.request({ method: 'POST', url: '/admin/api/auth/login', payload: { username, password } });

  it('answers 10015 to every wrong password past the limit, and then to the right one', async () => {
    const u = await registerUser(t);
    const codes = (await Promise.all(Array.from({ length: BURST }, () => userLogin(u.phone, 'wrong-password')))).map((r) => r.body.code);
    expect(tally(codes)).toEqual({ 10007: MAX, 10015: BURST - MAX });
    expect((await userLogin(u.phone, u.password)).body.code).toBe(10015);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await userLogin(u.phone, u.password)).body.code).toBe(0);
  });

  it('never checks more than the limit when the right password is in the burst', async () => {
    const u = await registerUser(t);
    const burst = Array.from({ length: BURST }, (_, i) => (i === BURST - 1 ? u.password : 'wrong-password'));
    const codes = (await Promise.all(burst.map((p) => userLogin(u.phone, p)))).map((r) => r.body.code);
    const wrong = codes.filter((c) => c === 10007).length;
    const ok = codes.filter((c) => c === 0).length;
    // The right password is checked only if it took one of the MAX slots before they ran out.
    expect(wrong + ok).toBeLessThanOrEqual(MAX);
    expect(codes.filter((c) => c === 10015).length).toBe(BURST - wrong - ok);
    expect(wrong).toBeLessThanOrEqual(MAX);
    // A success does not clear the failures: the lock holds for the rest of the window.
    if (wrong === MAX) expect((await userLogin(u.phone, u.password)).body.code).toBe(10015);
  });

  it('counts unknown accounts the same way, without telling them apart', async () => {
    const codes = (await Promise.all(Array.from({ length: BURST }, () => userLogin('13900001111', 'whatever-pass')))).map(
      (r) => r.body.code,
    );
    expect(tally(codes)).toEqual({ 10006: MAX, 10015: BURST - MAX });
  });

  it('holds for managers too', async () => {
    const codes = (await Promise.all(Array.from({ length: BURST }, () => managerLogin('admin', 'wrong-password')))).map((r) => r.body.code);
    expect(tally(codes)).toEqual({ 10007: MAX, 10015: BURST - MAX });
    expect((await managerLogin('admin', 'admin-password')).body.code).toBe(10015);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await managerLogin('admin', 'admin-password')).body.code).toBe(0);
  });

  it('gives the slot back when the password was right, so successes never lock anyone out', async () => {
    const u = await registerUser(t);
    // In flight, a right password holds a slot like any attempt: a burst of MAX fits.
    for (let round = 0; round < 3; round++) {
      const codes = (await Promise.all(Array.from({ length: MAX }, () => userLogin(u.phone, u.password)))).map((r) => r.body.code);
      expect(codes).toEqual(Array.from({ length: MAX }, () => 0));
    }
    for (let i = 0; i < MAX + 5; i++) expect((await userLogin(u.phone, u.password)).body.code).toBe(0);
  });
});
