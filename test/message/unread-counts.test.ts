/**
 * GET /api/message/count is served from memory (UnreadCache): every answer must equal a
 * recount from the tables, after each kind of write and after bursts of writes racing with
 * reads, and an answer read before an invalidation must never be stored after it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnreadCache } from '../../src/modules/message/unread-cache.js';
import { adminToken, auth, buildTestApp, createApp, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;
interface User {
  token: string;
  id: number;
  app: Record<string, string>;
}
let alice: User;
let bob: User;
let other: User;

async function user(app: Record<string, string> = {}): Promise<User> {
  const u = await registerUser(t, undefined, undefined, app);
  const me = await t.request({ method: 'GET', url: '/api/personal/info', headers: { ...auth(u.accessToken), ...app } });
  return { token: u.accessToken, id: me.body.data.id as number, app };
}

async function push(payload: object, app: Record<string, string> = {}): Promise<number> {
  const res = await t.request({ method: 'POST', url: '/admin/api/push', headers: { ...auth(admin), ...app }, payload });
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  await t.container.pushDelivery.deliverDue('test');
  return res.body.data.id as number;
}

async function count(u: User, seen: number[] = []) {
  const res = await t.request({
    method: 'GET',
    url: `/api/message/count?push_ids=${seen.join(',')}`,
    headers: { ...auth(u.token), ...u.app },
  });
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  return res.body.data as { push_count: number; feedback_count: number };
}

/** The contract's definition, straight from the tables (SPEC section 3). */
async function recount(u: User, seen: number[] = []) {
  const db = t.container.database.db;
  const appId = u.app['x-app-id'] ?? '';
  const pushes = await db
    .selectFrom('push_messages as pm')
    .select('pm.id')
    .where('pm.app_id', '=', appId)
    .where('pm.push_status', '=', 1)
    .where((eb) =>
      eb.or([
        eb('pm.push_scope', '=', 0),
        eb.exists(
          eb.selectFrom('push_targets as pt').select('pt.push_id').whereRef('pt.push_id', '=', 'pm.id').where('pt.user_id', '=', u.id),
        ),
      ]),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('push_inbox_deletions as d').select('d.push_id').whereRef('d.push_id', '=', 'pm.id').where('d.user_id', '=', u.id),
        ),
      ),
    )
    .execute();
  const replies = await db
    .selectFrom('feedback_replies as r')
    .innerJoin('feedbacks as f', 'f.id', 'r.feedback_id')
    .select(sql<number>`count(*)`.as('n'))
    .where('f.user_id', '=', u.id)
    .where('f.app_id', '=', appId)
    .where('f.deleted_at', 'is', null)
    .where('r.is_read', '=', 0)
    .executeTakeFirstOrThrow();
  return { push_count: pushes.filter((p) => !seen.includes(p.id)).length, feedback_count: Number(replies.n) };
}

async function expectExact(u: User, seen: number[] = []) {
  expect(await count(u, seen)).toEqual(await recount(u, seen));
}

async function feedback(u: User): Promise<number> {
  const res = await t.request({
    method: 'POST',
    url: '/api/feedback',
    headers: { ...auth(u.token), ...u.app },
    payload: { feedback_content: 'hi' },
  });
  expect(res.body.code).toBe(0);
  return res.body.data.id as number;
}

async function reply(feedbackId: number, app: Record<string, string> = {}) {
  const res = await t.request({
    method: 'POST',
    url: `/admin/api/feedback/${feedbackId}/reply`,
    headers: { ...auth(admin), ...app },
    payload: { reply_content: 'hello' },
  });
  expect(res.body.code, JSON.stringify(res.body)).toBe(0);
}

const readReply = (u: User, feedbackId: number) =>
  t.request({ method: 'GET', url: `/api/feedback/reply/${feedbackId}`, headers: { ...auth(u.token), ...u.app } });

const hide = (u: User, ids: number[]) =>
  t.request({ method: 'DELETE', url: '/api/push/log/delete', headers: { ...auth(u.token), ...u.app }, payload: { ids } });

beforeAll(async () => {
  t = await buildTestApp();
  admin = await adminToken(t);
  await createApp(t, 'other');
  alice = await user();
  bob = await user();
  other = await user({ 'x-app-id': 'other' });
  await t.request({
    method: 'POST',
    url: '/api/push/bind',
    headers: auth(alice.token),
    payload: { client_id: 'a-phone', client_type: 'android' },
  });
});
afterAll(() => t.close());

describe('GET /api/message/count stays exact while served from memory', () => {
  it('follows every kind of write, each read right after it', async () => {
    await expectExact(alice);
    const all = await push({ push_title: 'all', push_body: 'b', push_scope: 0 });
    await expectExact(alice);
    await expectExact(alice, [all]);
    await expectExact(bob);
    // A second read is a hit: still the same answer.
    await expectExact(alice, [all, 999]);
    const android = await push({ push_title: 'android', push_body: 'b', push_scope: 1 });
    await expectExact(alice);
    await expectExact(bob);
    const forBob = await push({ push_title: 'bob', push_body: 'b', push_scope: 3, user_ids: [bob.id] });
    await expectExact(alice, [forBob]);
    await expectExact(bob, [forBob]);
    await expectExact(bob);
    await push({ push_title: 'elsewhere', push_body: 'b', push_scope: 0 }, other.app);
    await expectExact(other);
    await expectExact(alice);
    expect((await hide(alice, [android])).body.code).toBe(0);
    await expectExact(alice);
    await expectExact(alice, [android, all]);
    expect((await hide(bob, [])).body.code).toBe(0); // every visible message
    await expectExact(bob);
    expect((await count(bob)).push_count).toBe(0);

    const fb = await feedback(alice);
    await expectExact(alice);
    await reply(fb);
    await expectExact(alice);
    expect((await count(alice)).feedback_count).toBe(1);
    await reply(fb);
    await expectExact(alice);
    expect((await readReply(alice, fb)).body.code).toBe(0);
    await expectExact(alice);
    expect((await count(alice)).feedback_count).toBe(0);
    await reply(fb);
    await expectExact(alice);
    const del = await t.request({ method: 'DELETE', url: `/api/feedback/${fb}`, headers: auth(alice.token) });
    expect(del.body.code).toBe(0);
    await expectExact(alice);
    expect((await count(alice)).feedback_count).toBe(0);
  });

  it('drops an erased account’s counts', async () => {
    const carol = await user();
    await count(carol);
    const { unread } = t.container;
    expect(unread.cache.counts('', carol.id, [])).toBeDefined();
    await t.container.accounts.erase((await t.container.users.findById('', carol.id))!, []);
    expect(unread.cache.counts('', carol.id, [])).toBeUndefined();
  });

  it('matches a recount after bursts of parallel writes racing with reads', async () => {
    const fbs = [await feedback(alice), await feedback(alice), await feedback(bob)];
    for (let round = 0; round < 4; round++) {
      // Empty the cache so that loads are in flight while the writes commit.
      t.container.unread.cache.apply({ kind: 'inbox' });
      const ids = (await t.container.database.db.selectFrom('push_messages').select('id').execute()).map((r) => r.id);
      const writes = [
        reply(fbs[0]!),
        reply(fbs[2]!),
        readReply(alice, fbs[1]!),
        hide(alice, ids.slice(round, round + 1)),
        push({ push_title: `burst ${round}`, push_body: 'b', push_scope: round % 2 === 0 ? 0 : 1 }),
        reply(fbs[1]!),
        readReply(bob, fbs[2]!),
      ];
      const reads = Array.from({ length: 12 }, (_, i) => count(i % 2 === 0 ? alice : bob, ids.slice(0, i % 3)));
      await Promise.all([...writes, ...reads]);
      for (const u of [alice, bob]) {
        await expectExact(u);
        await expectExact(u, ids.slice(0, 2));
      }
    }
  });
});

describe('UnreadCache', () => {
  const inbox = { appId: 'a', targeted: new Int32Array([5]), hidden: new Int32Array([1]), unreadReplies: 2 };

  it('does not store a load that an invalidation overtook', () => {
    const cache = new UnreadCache();
    const ticket = cache.generation;
    cache.setBroadcasts('a', [1, 2, 3], ticket);
    cache.apply({ kind: 'inbox', app_id: 'a', user_id: 7 });
    cache.setUser(7, inbox, ticket);
    expect(cache.counts('a', 7, [])).toBeUndefined();
    const fresh = cache.generation;
    cache.setBroadcasts('a', [1, 2, 3], fresh);
    cache.setUser(7, inbox, fresh);
    // Broadcasts 2 and 3, targeted 5; 1 hidden; 3 seen; 4 is not a message of this user.
    expect(cache.counts('a', 7, [3, 4, 1])).toEqual({ push_count: 2, feedback_count: 2 });
    expect(cache.counts('b', 7, [])).toBeUndefined();
  });

  it('misses for every user of an app whose messages changed, and serves nothing while suspended', () => {
    const cache = new UnreadCache();
    cache.setBroadcasts('a', [1, 2, 3], cache.generation);
    cache.setUser(7, inbox, cache.generation);
    cache.apply({ kind: 'inbox', app_id: 'a' });
    expect(cache.counts('a', 7, [])).toBeUndefined();
    cache.setBroadcasts('a', [1], cache.generation);
    cache.setUser(7, inbox, cache.generation);
    expect(cache.counts('a', 7, [])).toEqual({ push_count: 1, feedback_count: 2 });
    cache.suspend();
    expect(cache.counts('a', 7, [])).toBeUndefined();
    cache.setBroadcasts('a', [1], cache.generation);
    cache.setUser(7, inbox, cache.generation);
    expect(cache.counts('a', 7, [])).toBeUndefined();
    cache.resume();
    cache.setBroadcasts('a', [1], cache.generation);
    cache.setUser(7, inbox, cache.generation);
    expect(cache.counts('a', 7, [])).toEqual({ push_count: 1, feedback_count: 2 });
  });

  it('stays within its bound of ids, dropping the oldest users first', () => {
    const cache = new UnreadCache(10);
    cache.setBroadcasts('a', [], cache.generation);
    for (let u = 1; u <= 5; u++) cache.setUser(u, inbox, cache.generation); // 3 ids' weight each
    expect(cache.size).toBe(3);
    expect(cache.counts('a', 1, [])).toBeUndefined();
    expect(cache.counts('a', 5, [])).toBeDefined();
  });

  it('applies other instances’ invalidations from the bus and stops serving while it is down', async () => {
    const { unread } = t.container;
    await count(alice);
    expect(unread.cache.counts('', alice.id, [])).toBeDefined();
    const listener = unread.busListener();
    listener.message({ kind: 'inbox', app_id: '', user_id: alice.id });
    expect(unread.cache.counts('', alice.id, [])).toBeUndefined();
    await count(alice);
    listener.down();
    expect(unread.cache.counts('', alice.id, [])).toBeUndefined();
    await expectExact(alice);
    expect(unread.cache.counts('', alice.id, [])).toBeUndefined();
    listener.up();
    await expectExact(alice);
    expect(unread.cache.counts('', alice.id, [])).toBeDefined();
  });
});
