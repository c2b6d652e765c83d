/**
 * Migration 2026_12_01_0006 on a database that already has users and devices: app_totals
 * starts from the rows there, per app, and its triggers follow every insert and delete
 * afterwards, whatever wrote them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, testMigrator, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;
let handle: DatabaseHandle;

const user = (appId: string, i: number) => ({
  app_id: appId,
  area: '86',
  phone: `1350000${String(i).padStart(4, '0')}`,
  email: '',
  openid: `totals-${appId}-${i}`.padEnd(40, 'x'),
  role: 0,
  username: `1350000${String(i).padStart(4, '0')}`,
  password_hash: '',
  is_active: i % 2,
  nickname: '',
  avatar: '',
  gender: 2,
  birthday: '',
  address: '',
  created_at: 1,
  updated_at: 1,
});
const device = (appId: string, i: number) => ({
  app_id: appId,
  user_id: 1,
  client_id: `totals-${i}`,
  client_type: 'ios',
  provider: 'apns',
  switch: 1,
  created_at: 1,
  updated_at: 1,
});

const totals = () => handle.db.selectFrom('app_totals').select(['app_id', 'users', 'devices']).orderBy('app_id').execute();

beforeAll(async () => {
  database = await createTestDatabase();
  handle = database.open();
  const migrator = testMigrator(database, handle);
  const { error } = await migrator.migrateTo('2026_12_01_0005_manager_totp');
  expect(error).toBeUndefined();
  await handle.db.insertInto('apps').values({ app_id: 'two', name: 'two', push_config: '{}', created_at: 1, updated_at: 1 }).execute();
  await handle.db
    .insertInto('users')
    .values([user('', 1), user('', 2), user('', 3), user('two', 4)])
    .execute();
  await handle.db
    .insertInto('push_bindings')
    .values([device('', 1), device('two', 2), device('two', 3)])
    .execute();
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});

describe('app_totals', () => {
  it('starts from the rows already there when the migration runs', async () => {
    expect(await migrateToLatest(handle.db)).toContain('2026_12_01_0006_stats_indexes');
    expect((await totals()).map((r) => [r.app_id, Number(r.users), Number(r.devices)])).toEqual([
      ['', 3, 1],
      ['two', 1, 2],
    ]);
  });

  it('follows inserts and deletes of one row or many, and a new app', async () => {
    await handle.db
      .insertInto('users')
      .values([user('', 10), user('', 11), user('three', 12)])
      .execute();
    await handle.db.deleteFrom('users').where('app_id', '=', '').where('phone', 'in', ['13500000001', '13500000010']).execute();
    await handle.db.deleteFrom('push_bindings').where('app_id', '=', 'two').execute();
    await handle.db.insertInto('push_bindings').values(device('three', 20)).execute();
    expect((await totals()).map((r) => [r.app_id, Number(r.users), Number(r.devices)])).toEqual([
      ['', 3, 1],
      ['three', 1, 1],
      ['two', 1, 0],
    ]);
  });

  it('leaves a row out of the totals when its statement fails', async () => {
    // The duplicate openid fails the whole statement: neither row is counted.
    await expect(
      handle.db
        .insertInto('users')
        .values([user('', 30), { ...user('', 31), openid: user('', 30).openid }])
        .execute(),
    ).rejects.toThrow();
    expect(Number((await totals())[0]!.users)).toBe(3);
  });
});
