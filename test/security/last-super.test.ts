/** The last-super guard under concurrency: two supers demoting (or deleting) each other at once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const db = () => t.container.database.db;

/** Two fresh supers a and b, and no other super (set up in the database, then raced over the API). */
async function superPair(round: number): Promise<{ a: { id: number; token: string }; b: { id: number; token: string } }> {
  await db().updateTable('managers').set({ role: 'operator' }).where('username', '!=', 'admin').execute();
  await db().updateTable('managers').set({ role: 'super' }).where('username', '=', 'admin').execute();
  const root = await adminToken(t);
  const make = async (name: string) => {
    const res = await t.request({
      method: 'POST',
      url: '/admin/api/managers',
      headers: auth(root),
      payload: { username: name, password: 'password123', role: 'super' },
    });
    expect(res.body.code).toBe(0);
    return { id: res.body.data.id as number, token: await adminToken(t, name, 'password123') };
  };
  const a = await make(`sa${round}`);
  const b = await make(`sb${round}`);
  await db().updateTable('managers').set({ role: 'operator' }).where('username', '=', 'admin').execute();
  return { a, b };
}

async function supers(): Promise<number> {
  const row = await db()
    .selectFrom('managers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'super')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('last super', () => {
  it.each([1, 2, 3, 4, 5])('round %i: two supers demoting each other at once leave one super', async (round) => {
    const { a, b } = await superPair(round);
    const [ra, rb] = await Promise.all([
      t.request({ method: 'PUT', url: `/admin/api/managers/${b.id}`, headers: auth(a.token), payload: { role: 'operator' } }),
      t.request({ method: 'PUT', url: `/admin/api/managers/${a.id}`, headers: auth(b.token), payload: { role: 'operator' } }),
    ]);
    const codes = [ra.body.code, rb.body.code].sort();
    // One wins; the other is refused (10005: last super) or, if its own demotion landed
    // first and ended its sessions, 10004.
    expect(codes[0]).toBe(0);
    expect([10004, 10005]).toContain(codes[1]);
    expect(await supers()).toBe(1);
  });

  it('two supers deleting each other at once leave one super', async () => {
    const { a, b } = await superPair(9);
    const [ra, rb] = await Promise.all([
      t.request({ method: 'DELETE', url: `/admin/api/managers/${b.id}`, headers: auth(a.token) }),
      t.request({ method: 'DELETE', url: `/admin/api/managers/${a.id}`, headers: auth(b.token) }),
    ]);
    expect([ra.body.code, rb.body.code].filter((c) => c === 0)).toHaveLength(1);
    expect(await supers()).toBe(1);
  });
});
