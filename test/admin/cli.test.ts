import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { PROCESS_START_MS } from '../helpers/wait.js';

const run = promisify(execFile);
let database: TestDatabase;

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', ...args], {
      env: { ...process.env, DATABASE_URL: database.url, ARGON2_MEMORY_KIB: '64', ARGON2_TIME_COST: '1', LOG_LEVEL: 'silent' },
      // Each run is a fresh process (tsx compiling the CLI): seconds idle, up to a minute loaded.
      timeout: PROCESS_START_MS,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('npm run admin', () => {
  it('creates a manager, lists it, resets its password and refuses bad input', async () => {
    const created = await cli('create-manager', '--username', 'ops', '--password', 'ops-password-1', '--role', 'super');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/created manager \d+ ops \(super\)/);
    const listed = await cli('list-managers');
    expect(listed.stdout).toMatch(/\tops\tsuper/);
    const dup = await cli('create-manager', '--username', 'ops', '--password', 'ops-password-1');
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toMatch(/10009/);
    const short = await cli('reset-password', '--username', 'ops', '--password', 'short');
    expect(short.code).not.toBe(0);
    expect(short.stderr).toMatch(/password/);
    const reset = await cli('reset-password', '--username', 'ops', '--password', 'ops-password-2');
    expect(reset.code).toBe(0);
    const unknown = await cli('frobnicate');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/usage/);
  }, 1_200_000);

  it('turns a locked-out manager’s second factor off', async () => {
    expect((await cli('create-manager', '--username', 'otp', '--password', 'otp-password-1')).code).toBe(0);
    const handle = database.open();
    try {
      const { db } = handle;
      await db
        .updateTable('managers')
        .set({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_enabled: 1, totp_last_step: 5 })
        .where('username', '=', 'otp')
        .execute();
      const off = await cli('disable-totp', '--username', 'otp');
      expect(off.code).toBe(0);
      expect(off.stdout).toMatch(/turned off for manager \d+ otp/);
      const row = await db.selectFrom('managers').selectAll().where('username', '=', 'otp').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ totp_enabled: 0, totp_secret: null, totp_last_step: null });
      expect((await cli('disable-totp', 'otp')).code).toBe(0);
      const unknown = await cli('disable-totp', '--username', 'nobody');
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toMatch(/10001/);
    } finally {
      await handle.close();
    }
  }, 1_200_000);
});
