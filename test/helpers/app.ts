/**
 * buildTestApp: a real appdesk (real routes, real database of the pass's dialect) with a
 * manual clock, cheap argon2 parameters and capturing SMS/e-mail senders unless the test
 * configures real ones. Each call gets its own database; close() drops it.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { buildApp, type BuildOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createContainer, type Container, type ContainerOverrides } from '../../src/container.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { CapturingEmail, CapturingSms } from './fakes.js';

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  config: Config;
  clock: ManualClock;
  sms: CapturingSms;
  email: CapturingEmail;
  database: TestDatabase;
  request(opts: InjectOptions): Promise<{ status: number; body: Envelope; headers: Record<string, unknown> }>;
  close(): Promise<void>;
}

export interface Envelope<T = any> {
  code: number;
  message: string;
  data: T;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Use the providers the env configures instead of the capturing fakes. */
  realProviders?: boolean;
  overrides?: ContainerOverrides;
  onRoute?: BuildOptions['onRoute'];
}

export const TEST_ENV: Record<string, string> = {
  ARGON2_MEMORY_KIB: '64',
  ARGON2_TIME_COST: '1',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  APPDESK_ADMIN_USERNAME: 'admin',
  APPDESK_ADMIN_PASSWORD: 'admin-password',
  APPDESK_WORKER: 'false',
  CODE_IP_HOURLY_LIMIT: '100000',
};

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ ...TEST_ENV, DATABASE_URL: database.url, ...options.env });
  const clock = new ManualClock(Date.UTC(2026, 0, 15, 8, 0, 0));
  const sms = new CapturingSms();
  const email = new CapturingEmail();
  const container = await createContainer(config, {
    clock,
    logger: pino({ level: config.logLevel }),
    database: database.open(),
    ...(options.realProviders ? {} : { sms, email }),
    ...options.overrides,
  });
  const app = await buildApp(container, { onRoute: options.onRoute });
  await app.ready();
  return {
    app,
    container,
    config,
    clock,
    sms,
    email,
    database,
    async request(opts) {
      const res = await app.inject(opts);
      let body: Envelope;
      try {
        body = res.json();
      } catch {
        throw new Error(`non-JSON answer ${res.statusCode}: ${res.body.slice(0, 200)}`);
      }
      return { status: res.statusCode, body, headers: res.headers };
    },
    async close() {
      await app.close();
      await container.close();
      await database.drop();
    },
  };
}

export function auth(token: string): Record<string, string> {
  return { authorization: `Token ${token}` };
}

let phoneSeq = 0;
/** A valid, distinct mainland China mobile number. */
export function newPhone(): string {
  phoneSeq += 1;
  return `138${String((process.pid * 1000 + phoneSeq) % 100000000).padStart(8, '0')}`;
}

/** Registers a phone user through the API and answers its tokens. */
export async function registerUser(t: TestApp, phone = newPhone(), password = 'password123', headers: Record<string, string> = {}) {
  const sent = await t.request({ method: 'POST', url: '/api/auth/send_code', headers, payload: { account: phone } });
  if (sent.body.code !== 0) throw new Error(`send_code failed: ${JSON.stringify(sent.body)}`);
  const code = t.sms.lastCodeFor(phone);
  const res = await t.request({ method: 'POST', url: '/api/auth/register', headers, payload: { account: phone, code, password } });
  if (res.body.code !== 0) throw new Error(`register failed: ${JSON.stringify(res.body)}`);
  // Registration sends count against the per-account interval; tests move on in time.
  t.clock.advance(61_000);
  return { phone, password, accessToken: res.body.data.access_token as string, refreshToken: res.body.data.refresh_token as string };
}

/** Signs in the bootstrap super manager and answers its token. */
export async function adminToken(t: TestApp, username = 'admin', password = 'admin-password'): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/admin/api/auth/login', payload: { username, password } });
  if (res.body.code !== 0) throw new Error(`admin login failed: ${JSON.stringify(res.body)}`);
  return res.body.data.access_token as string;
}

/** Adds a tenant app directly in the database. */
export async function createApp(t: TestApp, appId: string, name = appId): Promise<void> {
  const now = t.clock.now();
  await t.container.database.db
    .insertInto('apps')
    .values({ app_id: appId, name, push_config: '{}', created_at: now, updated_at: now })
    .execute();
}

/** Audit entries written for one target, oldest first. */
export async function auditRows(t: TestApp, targetType: string, targetId: number) {
  return t.container.database.db
    .selectFrom('audit_logs')
    .selectAll()
    .where('target_type', '=', targetType)
    .where('target_id', '=', String(targetId))
    .orderBy('id')
    .execute();
}
