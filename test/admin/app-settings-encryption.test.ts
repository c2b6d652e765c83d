/** APPDESK_ENCRYPTION_KEY (SPEC section 8): provider secrets sealed at rest with AES-256-GCM. */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createContainer, type Container } from '../../src/container.js';
import { adminToken, auth, buildTestApp, TEST_ENV, type TestApp } from '../helpers/app.js';

const KEY = randomBytes(32).toString('hex');
const PUSH_CONFIG = {
  webhook_url: 'https://hooks.example/push?token=hook-token-secret',
  jpush: { app_key: 'jpush-app-key', master_secret: 'jpush-master-secret' },
  fcm: { service_account: { project_id: 'p', client_email: 'e@p.example', private_key: 'fcm-private-secret' } },
};
const SMS_CONFIG = { provider: 'twilio', account_sid: 'AC-sid', auth_token: 'twilio-auth-secret', from: '+15550001' };
const SECRETS = ['hook-token-secret', 'jpush-master-secret', 'fcm-private-secret', 'twilio-auth-secret'];

let t: TestApp;
let root: string;

beforeAll(async () => {
  t = await buildTestApp({ env: { APPDESK_ENCRYPTION_KEY: KEY } });
  root = await adminToken(t);
  const res = await t.request({
    method: 'POST',
    url: '/admin/api/apps',
    headers: auth(root),
    payload: { app_id: 'enc', name: 'Enc', push_config: PUSH_CONFIG, sms_config: SMS_CONFIG },
  });
  expect(res.body.code).toBe(0);
});
afterAll(() => t.close());

const rawRow = (c: Container, appId: string) =>
  c.database.db.selectFrom('apps').selectAll().where('app_id', '=', appId).executeTakeFirstOrThrow();

/** Another server process on the same database, as after a restart. */
async function restart(env: Record<string, string>): Promise<Container> {
  const config = loadConfig({ ...TEST_ENV, DATABASE_URL: t.database.url, ...env });
  return createContainer(config, {
    clock: t.clock,
    logger: pino({ level: 'silent' }),
    database: t.database.open(),
    sms: t.sms,
    email: t.email,
  });
}

describe('with APPDESK_ENCRYPTION_KEY', () => {
  it('stores no secret in clear, and only secrets sealed', async () => {
    const row = await rawRow(t.container, 'enc');
    const raw = row.push_config + row.sms_config;
    for (const secret of SECRETS) expect(raw).not.toContain(secret);
    expect(raw).toContain('enc:v1:');
    expect(raw).toContain('jpush-app-key');
    expect(raw).toContain('AC-sid');
  });

  it('opens them for the senders, and masks them in answers', async () => {
    expect(await t.container.appSettings.push('enc')).toEqual(PUSH_CONFIG);
    expect(await t.container.appSettings.sms('enc')).toEqual(SMS_CONFIG);
    const res = await t.request({ method: 'GET', url: '/admin/api/apps/enc', headers: auth(root) });
    expect(res.body.data.push_config.jpush).toEqual({ app_key: 'jpush-app-key', master_secret: '********' });
    expect(res.body.data.push_config.webhook_url).toBe('https://hooks.example/push?token=********');
  });

  it('keeps sealed secrets when the mask is sent back', async () => {
    const view = (await t.request({ method: 'GET', url: '/admin/api/apps/enc', headers: auth(root) })).body.data;
    const res = await t.request({
      method: 'PUT',
      url: '/admin/api/apps/enc',
      headers: auth(root),
      payload: { push_config: view.push_config, sms_config: view.sms_config },
    });
    expect(res.body.code).toBe(0);
    expect(await t.container.appSettings.push('enc')).toEqual(PUSH_CONFIG);
    expect(await t.container.appSettings.sms('enc')).toEqual(SMS_CONFIG);
  });

  it('reads them back after a restart with the same key', async () => {
    const again = await restart({ APPDESK_ENCRYPTION_KEY: KEY });
    try {
      expect(await again.appSettings.push('enc')).toEqual(PUSH_CONFIG);
      expect(await again.appSettings.sms('enc')).toEqual(SMS_CONFIG);
    } finally {
      await again.close();
    }
  });

  it('never hands out a sealed value it cannot open: another key, or a value copied to another app', async () => {
    const other = await restart({ APPDESK_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    try {
      await expect(other.appSettings.push('enc')).rejects.toMatchObject({ code: 10000 });
      const row = await rawRow(other, 'enc');
      expect(other.appSettings.view('enc', row).push_config.jpush).toEqual({ app_key: 'jpush-app-key', master_secret: '********' });
    } finally {
      await other.close();
    }
    const row = await rawRow(t.container, 'enc');
    await t.container.database.db.updateTable('apps').set({ push_config: row.push_config }).where('app_id', '=', '').execute();
    await expect(t.container.appSettings.push('')).rejects.toMatchObject({ code: 10000 });
    await t.container.database.db.updateTable('apps').set({ push_config: '{}' }).where('app_id', '=', '').execute();
  });
});

describe('without APPDESK_ENCRYPTION_KEY', () => {
  it('warns at start that secrets are stored in clear', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const plain = await buildTestApp({ overrides: { logger: pino({ level: 'warn' }, sink) } });
    try {
      expect(lines.join('')).toContain('APPDESK_ENCRYPTION_KEY is not set');
    } finally {
      await plain.close();
    }
  });
});

describe('APPDESK_ENCRYPTION_KEY configuration', () => {
  it.each([KEY, randomBytes(32).toString('base64'), randomBytes(32).toString('base64url')])('accepts %s', (key) => {
    expect(loadConfig({ APPDESK_ENCRYPTION_KEY: key }).encryptionKey).toHaveLength(32);
  });

  it.each(['short', KEY.slice(2), randomBytes(31).toString('base64'), `${KEY}00`, 'zz'.repeat(32)])(
    'stops start-up on %s, naming the variable',
    (key) => {
      expect(() => loadConfig({ APPDESK_ENCRYPTION_KEY: key })).toThrowError(ConfigError);
      expect(() => loadConfig({ APPDESK_ENCRYPTION_KEY: key })).toThrowError(/APPDESK_ENCRYPTION_KEY/);
    },
  );
});
