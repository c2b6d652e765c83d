/**
 * The verification-code attempt limit under parallel guesses: attempts are taken in the
 * database before the comparison, so after CODE_MAX_ATTEMPTS wrong tries the code is dead
 * whatever the interleaving, for check_code and register alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, newPhone, type TestApp } from '../helpers/app.js';

const MAX = 5;
const GUESSES = 40;

describe('code attempts under a burst', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { CODE_MAX_ATTEMPTS: String(MAX) } });
  });
  afterAll(() => t.close());

  async function freshCode(phone: string): Promise<string> {
    const sent = await t.request({ method: 'POST', url: '/api/auth/send_code', payload: { account: phone } });
    expect(sent.body.code).toBe(0);
    return t.sms.lastCodeFor(phone);
  }
  const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it.each([1, 2, 3, 4, 5])('check_code: %i. round of 40 wrong guesses, then the right code is dead', async () => {
    const phone = newPhone();
    const code = await freshCode(phone);
    const wrong = wrongOf(code);
    const answers = await Promise.all(
      Array.from({ length: GUESSES }, () =>
        t.request({ method: 'POST', url: '/api/auth/check_code', payload: { account: phone, code: wrong } }),
      ),
    );
    expect(answers.every((a) => a.body.code === 10008)).toBe(true);
    const right = await t.request({ method: 'POST', url: '/api/auth/check_code', payload: { account: phone, code } });
    expect(right.body.code).toBe(10008);
    const row = await t.container.database.db
      .selectFrom('verification_codes')
      .select('attempts')
      .where('account', 'like', `%${phone}`)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(MAX);
  });

  it('register: a burst of wrong codes with the right one inside registers at most if it came in time, never after', async () => {
    const phone = newPhone();
    const code = await freshCode(phone);
    const wrong = wrongOf(code);
    const answers = await Promise.all(
      Array.from({ length: GUESSES }, () =>
        t.request({ method: 'POST', url: '/api/auth/register', payload: { account: phone, code: wrong, password: 'password123' } }),
      ),
    );
    expect(answers.every((a) => a.body.code === 10008)).toBe(true);
    const right = await t.request({
      method: 'POST',
      url: '/api/auth/register',
      payload: { account: phone, code, password: 'password123' },
    });
    expect(right.body.code).toBe(10008);
  });

  it('a right guess gives its attempt back: checking the right code many times in parallel keeps it alive', async () => {
    const phone = newPhone();
    const code = await freshCode(phone);
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all(
        Array.from({ length: MAX }, () => t.request({ method: 'POST', url: '/api/auth/check_code', payload: { account: phone, code } })),
      );
      expect(answers.map((a) => a.body.code)).toEqual(Array.from({ length: MAX }, () => 0));
    }
    const reg = await t.request({ method: 'POST', url: '/api/auth/register', payload: { account: phone, code, password: 'password123' } });
    expect(reg.body.code).toBe(0);
  });

  it('four wrong tries leave the fifth for the right code', async () => {
    const phone = newPhone();
    const code = await freshCode(phone);
    const wrong = wrongOf(code);
    await Promise.all(
      Array.from({ length: MAX - 1 }, () =>
        t.request({ method: 'POST', url: '/api/auth/check_code', payload: { account: phone, code: wrong } }),
      ),
    );
    expect((await t.request({ method: 'POST', url: '/api/auth/check_code', payload: { account: phone, code } })).body.code).toBe(0);
  });
});
