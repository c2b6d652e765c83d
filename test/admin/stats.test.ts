/**
 * GET /admin/api/stats/overview and /daily: counts of the app in X-App-Id only, days in
 * APPDESK_TIMEZONE (Asia/Shanghai here, UTC+8, so a UTC day would put rows on the wrong
 * day), zero-filled series, operators limited to their apps, days validated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, auth, buildTestApp, createApp, newPhone, registerUser, type TestApp } from '../helpers/app.js';

let t: TestApp;
let root: string;
let operator: string;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The test clock's start: 2026-01-15 08:00 UTC, 16:00 in Shanghai. */
const NOW = Date.UTC(2026, 0, 15, 8, 0, 0);
/** Midnight starting 2026-01-15 in Shanghai. */
const TODAY_START = Date.UTC(2026, 0, 14, 16, 0, 0);

const get = (url: string, token: string, appId?: string) =>
  t.request({ method: 'GET', url, headers: { ...auth(token), ...(appId !== undefined ? { 'x-app-id': appId } : {}) } });

async function insertUser(appId: string, createdAt: number, seq: number, isActive = 1): Promise<number> {
  const row = await t.container.database.db
    .insertInto('users')
    .values({
      app_id: appId,
      area: '86',
      phone: `1370000${String(seq).padStart(4, '0')}`,
      email: '',
      openid: `stats-${appId}-${seq}`.padEnd(40, 'x'),
      role: 0,
      username: `1370000${String(seq).padStart(4, '0')}`,
      password_hash: '',
      is_active: isActive,
      nickname: '',
      avatar: '',
      gender: 2,
      birthday: '',
      address: '',
      created_at: createdAt,
      updated_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertFeedback(appId: string, userId: number, createdAt: number, status: number, deleted = false): Promise<void> {
  await t.container.database.db
    .insertInto('feedbacks')
    .values({
      app_id: appId,
      user_id: userId,
      feedback_content: 'stats',
      feedback_status: status,
      feedback_category_id: 0,
      contact_phone: '',
      deleted_at: deleted ? createdAt + 1000 : null,
      created_at: createdAt,
      updated_at: createdAt,
    })
    .execute();
}

async function insertPush(appId: string, createdAt: number, status: number, counts: [number, number, number, number]): Promise<void> {
  const [targeted, sent, failed, skipped] = counts;
  await t.container.database.db
    .insertInto('push_messages')
    .values({
      app_id: appId,
      push_title: 't',
      push_body: 'b',
      push_scope: 0,
      user_ids: '[]',
      send_at: null,
      manager_id: 1,
      push_status: status,
      targeted,
      sent,
      failed,
      skipped,
      planned_at: null,
      locked_until: null,
      locked_by: null,
      created_at: createdAt,
      updated_at: createdAt,
    })
    .execute();
}

async function insertDevice(appId: string, userId: number, clientId: string, on = 1): Promise<void> {
  await t.container.database.db
    .insertInto('push_bindings')
    .values({
      app_id: appId,
      user_id: userId,
      client_id: clientId,
      client_type: 'android',
      provider: 'fcm',
      switch: on,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
}

beforeAll(async () => {
  t = await buildTestApp({ env: { APPDESK_TIMEZONE: 'Asia/Shanghai' } });
  root = await adminToken(t);
  await createApp(t, 'shop');
  await createApp(t, 'empty');
  expect(
    (
      await t.request({
        method: 'POST',
        url: '/admin/api/managers',
        headers: auth(root),
        payload: { username: 'op', password: 'op-password', role: 'operator', app_ids: ['shop', 'empty'] },
      })
    ).body.code,
  ).toBe(0);
  operator = await adminToken(t, 'op', 'op-password');

  // Default app. Today (Shanghai): two users, one just after local midnight (17:00 UTC the
  // day before), one disabled; yesterday: one just before local midnight; 3 days ago: one.
  const u1 = await insertUser('', TODAY_START + 60_000, 1);
  await insertUser('', NOW - HOUR, 2, 0);
  const u3 = await insertUser('', TODAY_START - 60_000, 3);
  await insertUser('', TODAY_START - 3 * DAY + HOUR, 4);
  // A user who registered and deleted their account today is not counted.
  const gone = await registerUser(t);
  const del = await t.request({
    method: 'DELETE',
    url: '/api/personal/account',
    headers: auth(gone.accessToken),
    payload: { password: gone.password },
  });
  expect(del.body.code).toBe(0);

  // Feedback: waiting ones 5 days ago (the oldest) and today; replied yesterday; closed today;
  // a deleted waiting one 10 days ago (older than the oldest, but not counted).
  await insertFeedback('', u1, TODAY_START - 5 * DAY + 2 * HOUR, 0);
  await insertFeedback('', u1, NOW - 2 * HOUR, 0);
  await insertFeedback('', u3, TODAY_START - DAY + HOUR, 1);
  await insertFeedback('', u3, NOW - 3 * HOUR, 2);
  await insertFeedback('', u3, TODAY_START - 10 * DAY, 0, true);

  // Devices: two of u1 (one switched off), one of u3.
  await insertDevice('', u1, 'device-a-0000000000000000');
  await insertDevice('', u1, 'device-b-0000000000000000', 0);
  await insertDevice('', u3, 'device-c-0000000000000000');

  // Pushes: today one delivered, one pending; 2 days ago one pending (scheduled) and one canceled.
  await insertPush('', NOW - HOUR, 1, [10, 7, 1, 2]);
  await insertPush('', NOW - 30 * 60_000, 0, [0, 0, 0, 0]);
  await insertPush('', TODAY_START - 2 * DAY + HOUR, 0, [4, 1, 0, 0]);
  await insertPush('', TODAY_START - 2 * DAY + 2 * HOUR, 3, [0, 0, 0, 0]);

  // Another app's rows never show in the default app's counts.
  const s1 = await insertUser('shop', NOW - HOUR, 101);
  await insertFeedback('shop', s1, TODAY_START - 4 * DAY, 0);
  await insertDevice('shop', s1, 'shop-device-0000000000000');
  await insertPush('shop', NOW - HOUR, 0, [1, 0, 0, 0]);
});
afterAll(() => t.close());

describe('GET /admin/api/stats/overview', () => {
  it('counts the app now, today being the local day', async () => {
    const res = await get('/admin/api/stats/overview', root);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      message: 'success',
      data: {
        users_total: 4,
        users_today: 2,
        feedback_waiting: 2,
        // 5 days before local midnight of the 15th, plus 2 hours: 2026-01-10 02:00 in Shanghai.
        feedback_oldest_waiting_at: '2026-01-10 02:00:00',
        devices_bound: 3,
        pushes_in_flight: 2,
      },
    });
  });

  it('answers zeros and null for an app with nothing yet', async () => {
    const res = await get('/admin/api/stats/overview', root, 'empty');
    expect(res.body.data).toEqual({
      users_total: 0,
      users_today: 0,
      feedback_waiting: 0,
      feedback_oldest_waiting_at: null,
      devices_bound: 0,
      pushes_in_flight: 0,
    });
  });

  it('lets an operator read its own apps only (10003 elsewhere)', async () => {
    const own = await get('/admin/api/stats/overview', operator, 'shop');
    expect(own.body.data).toMatchObject({ users_total: 1, users_today: 1, feedback_waiting: 1, devices_bound: 1, pushes_in_flight: 1 });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => get(i % 2 ? '/admin/api/stats/overview' : '/admin/api/stats/daily', operator, '')),
    );
    for (const a of answers) {
      expect(a.status).toBe(403);
      expect(a.body).toEqual({ code: 10003, message: 'No permission for this operation', data: {} });
    }
  });

  it('refuses a user token and no token (10004)', async () => {
    // Registered in an app of its own, so the counts above stay as they are.
    await createApp(t, 'tokens');
    const u = await registerUser(t, undefined, undefined, { 'x-app-id': 'tokens' });
    expect((await get('/admin/api/stats/overview', u.accessToken, 'tokens')).body.code).toBe(10004);
    expect((await t.request({ method: 'GET', url: '/admin/api/stats/overview' })).body.code).toBe(10004);
  });
});

describe('GET /admin/api/stats/daily', () => {
  it('answers one row per local day, oldest first, ending today, empty days as zeros', async () => {
    const res = await get('/admin/api/stats/daily?days=7', root);
    expect(res.body.code).toBe(0);
    const zero = { new_users: 0, feedback_created: 0, pushes: 0, push_targeted: 0, push_sent: 0, push_failed: 0, push_skipped: 0 };
    expect(res.body.data.days).toEqual([
      { date: '2026-01-09', ...zero },
      { date: '2026-01-10', ...zero, feedback_created: 1 },
      { date: '2026-01-11', ...zero },
      { date: '2026-01-12', ...zero, new_users: 1 },
      { date: '2026-01-13', ...zero, pushes: 2, push_targeted: 4, push_sent: 1 },
      { date: '2026-01-14', ...zero, new_users: 1, feedback_created: 1 },
      {
        date: '2026-01-15',
        ...zero,
        new_users: 2,
        feedback_created: 2,
        pushes: 2,
        push_targeted: 10,
        push_sent: 7,
        push_failed: 1,
        push_skipped: 2,
      },
    ]);
    // Feedback created in those 7 days, by status now; the deleted one is 10 days old anyway.
    expect(res.body.data.feedback_by_status).toEqual([
      { feedback_status: 0, count: 2 },
      { feedback_status: 1, count: 1 },
      { feedback_status: 2, count: 1 },
    ]);
  });

  it('counts a deleted user no more, and deleted feedback never', async () => {
    const res = await get('/admin/api/stats/daily?days=30', root);
    const total = (k: string) => (res.body.data.days as Record<string, number>[]).reduce((s, d) => s + d[k]!, 0);
    expect(total('new_users')).toBe(4);
    expect(total('feedback_created')).toBe(4);
  });

  it('defaults to 30 days and takes 1 and 90', async () => {
    const def = await get('/admin/api/stats/daily', root);
    expect(def.body.data.days).toHaveLength(30);
    expect(def.body.data.days[0].date).toBe('2025-12-17');
    const one = await get('/admin/api/stats/daily?days=1', root);
    expect(one.body.data.days.map((d: { date: string }) => d.date)).toEqual(['2026-01-15']);
    expect(one.body.data.feedback_by_status).toEqual([
      { feedback_status: 0, count: 1 },
      { feedback_status: 1, count: 0 },
      { feedback_status: 2, count: 1 },
    ]);
    const most = await get('/admin/api/stats/daily?days=90', root);
    expect(most.body.data.days).toHaveLength(90);
    expect(most.body.data.days[89].date).toBe('2026-01-15');
  });

  it.each(['0', '91', '-1', '1.5', 'abc', ''])('refuses days=%s with 10005', async (days) => {
    const res = await get(`/admin/api/stats/daily?days=${days}`, root);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(10005);
    expect(res.body.data.fields?.[0]?.field).toBe('days');
  });

  it('shows an operator its app only', async () => {
    const res = await get('/admin/api/stats/daily?days=7', operator, 'shop');
    const today = res.body.data.days[6];
    expect(today).toMatchObject({ date: '2026-01-15', new_users: 1, pushes: 1, push_targeted: 1 });
    expect(res.body.data.feedback_by_status[0]).toEqual({ feedback_status: 0, count: 1 });
  });

  it('moves to the next day at local midnight', async () => {
    t.clock.set(TODAY_START + DAY - 1);
    expect((await get('/admin/api/stats/overview', root)).body.data.users_today).toBe(2);
    t.clock.set(TODAY_START + DAY);
    try {
      const res = await get('/admin/api/stats/daily?days=2', root);
      expect(res.body.data.days.map((d: { date: string; new_users: number }) => [d.date, d.new_users])).toEqual([
        ['2026-01-15', 2],
        ['2026-01-16', 0],
      ]);
      expect((await get('/admin/api/stats/overview', root)).body.data.users_today).toBe(0);
    } finally {
      t.clock.set(NOW);
    }
  });
});

describe('app totals (users_total, devices_bound)', () => {
  const counted = async (appId: string) => {
    const db = t.container.database.db;
    const users = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('app_id', '=', appId)
      .executeTakeFirstOrThrow();
    const devices = await db
      .selectFrom('push_bindings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('app_id', '=', appId)
      .executeTakeFirstOrThrow();
    return { users_total: Number(users.n), devices_bound: Number(devices.n) };
  };
  const shown = async (appId: string) => {
    const { users_total, devices_bound } = (await get('/admin/api/stats/overview', root, appId)).body.data;
    return { users_total, devices_bound };
  };

  it('follow parallel registrations, device binds and account deletions exactly', async () => {
    await createApp(t, 'burst');
    const headers = { 'x-app-id': 'burst' };
    // Codes sent one by one, registrations all at once (each its own transaction).
    const phones = Array.from({ length: 8 }, () => newPhone());
    const codes: string[] = [];
    for (const phone of phones) {
      expect((await t.request({ method: 'POST', url: '/api/auth/send_code', headers, payload: { account: phone } })).body.code).toBe(0);
      codes.push(t.sms.lastCodeFor(phone));
    }
    const registered = await Promise.all(
      phones.map((phone, i) =>
        t.request({
          method: 'POST',
          url: '/api/auth/register',
          headers,
          payload: { account: phone, code: codes[i], password: 'password123' },
        }),
      ),
    );
    const users = registered.map((r) => {
      expect(r.body.code).toBe(0);
      return { accessToken: r.body.data.access_token as string, password: 'password123' };
    });
    const binds = await Promise.all(
      users.flatMap((u, i) =>
        ['a', 'b'].map((d) =>
          t.request({
            method: 'POST',
            url: '/api/push/bind',
            headers: { ...auth(u.accessToken), ...headers },
            payload: { client_id: `burst-${i}-${d}`, client_type: 'android' },
          }),
        ),
      ),
    );
    for (const b of binds) expect(b.body.code).toBe(0);
    // Binding a device again, or moving it to another user, is no new device.
    const again = await t.request({
      method: 'POST',
      url: '/api/push/bind',
      headers: { ...auth(users[1]!.accessToken), ...headers },
      payload: { client_id: 'burst-0-a', client_type: 'android' },
    });
    expect(again.body.code).toBe(0);
    expect(await shown('burst')).toEqual({ users_total: 8, devices_bound: 16 });

    const deletions = await Promise.all(
      users.slice(0, 3).map((u) =>
        t.request({
          method: 'DELETE',
          url: '/api/personal/account',
          headers: { ...auth(u.accessToken), ...headers },
          payload: { password: u.password },
        }),
      ),
    );
    for (const d of deletions) expect(d.body.code).toBe(0);
    // Users 0-2 are gone with their devices, but burst-0-a, which user 1 took over, went with user 1.
    expect(await shown('burst')).toEqual({ users_total: 5, devices_bound: 10 });
    expect(await shown('burst')).toEqual(await counted('burst'));
  });

  it('count rows written many to a statement, by any writer', async () => {
    await createApp(t, 'bulk');
    const db = t.container.database.db;
    const rows = Array.from({ length: 250 }, (_, i) => ({
      app_id: 'bulk',
      area: '86',
      phone: `1360000${String(i).padStart(4, '0')}`,
      email: '',
      openid: `bulk-${i}`.padEnd(40, 'x'),
      role: 0,
      username: `1360000${String(i).padStart(4, '0')}`,
      password_hash: '',
      is_active: 1,
      nickname: '',
      avatar: '',
      gender: 2,
      birthday: '',
      address: '',
      created_at: NOW,
      updated_at: NOW,
    }));
    await db.insertInto('users').values(rows).execute();
    await db.deleteFrom('users').where('app_id', '=', 'bulk').where('phone', '<', '13600000100').execute();
    expect(await shown('bulk')).toEqual({ users_total: 150, devices_bound: 0 });
  });

  it('match a count of the rows in every app', async () => {
    for (const appId of ['', 'shop', 'empty', 'tokens', 'burst', 'bulk']) expect(await shown(appId), appId).toEqual(await counted(appId));
  });
});
