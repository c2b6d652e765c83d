/** SIGTERM under load: every request in flight gets its answer, then the process exits 0. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { call, startServer } from '../helpers/server-process.js';

describe('SIGTERM during load', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('finishes in-flight requests, resets none, and exits 0', async () => {
    // Real argon2 cost, so that logins are slow enough to be in flight when SIGTERM lands.
    const server = await startServer({
      DATABASE_URL: database.url,
      ARGON2_MEMORY_KIB: '19456',
      ARGON2_TIME_COST: '2',
      APPDESK_WORKER: 'false',
      // Sign-ins in flight hold lockout slots until they are answered: room for all 16.
      LOGIN_MAX_FAILURES: '100',
    });
    const inflight = Array.from({ length: 16 }, () =>
      call(server.url, 'POST', '/admin/api/auth/login', { username: 'admin', password: 'admin-password' }).then(
        (r) => ({ ok: true as const, code: r.body.code }),
        (err: Error) => ({ ok: false as const, err: err.cause instanceof Error ? err.cause.message : err.message }),
      ),
    );
    // Let every connection be accepted and its request start (argon2 admits two at a time,
    // so most are still waiting when the signal lands).
    await new Promise((r) => setTimeout(r, 300));
    server.proc.kill('SIGTERM');
    const results = await Promise.all(inflight);
    const code = await server.exited;
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.every((r) => r.ok && r.code === 0)).toBe(true);
    expect(code, server.output()).toBe(0);
    // New connections are refused once it has stopped.
    await expect(call(server.url, 'GET', '/healthz')).rejects.toThrow();
  }, 60_000);
});
