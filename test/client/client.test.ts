/**
 * The TypeScript client (clients/typescript) against a real server process: every client
 * API endpoint through the generated types, the envelope unwrapped into data or a typed
 * AppdeskError, and token rotation: one refresh for 20 concurrent calls whose access token
 * stopped working, the grace window for two clients racing, and a revoked session surfacing
 * as an error (never as a silent logout of a healthy session).
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppdeskError,
  createAppdeskClient,
  memoryTokenStorage,
  unwrap,
  type AppdeskClient,
  type TokenPair,
} from '../../clients/typescript/src/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startCodeCatcher, type CodeCatcher } from '../helpers/sms-codes.js';
import { call, startServer, type ServerProcess } from '../helpers/server-process.js';

let database: TestDatabase;
let sms: CodeCatcher;
let server: ServerProcess;
let phoneSeq = 0;
const newPhone = () => `139${String(process.pid % 10000).padStart(4, '0')}${String(++phoneSeq).padStart(4, '0')}`;

/** Counts the requests a client makes per path (to see one refresh for many calls). */
function countingFetch(counts: Map<string, number>): typeof fetch {
  return (input, init) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    return fetch(input, init);
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  sms = await startCodeCatcher();
  server = await startServer({
    DATABASE_URL: database.url,
    SMS_PROVIDER: 'webhook',
    SMS_WEBHOOK_URL: sms.url,
    CODE_SEND_INTERVAL_SECONDS: '1',
    REFRESH_REUSE_GRACE_SECONDS: '600',
    APPDESK_WORKER: 'true',
  });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await sms?.close();
  await database?.drop();
});

async function signedUp(client: AppdeskClient): Promise<{ phone: string; pair: TokenPair }> {
  const phone = newPhone();
  await unwrap(client.POST('/api/auth/send_code', { body: { account: phone } }));
  const pair = await unwrap(
    client.POST('/api/auth/register', { body: { account: phone, code: sms.codes.get(phone)!, password: 'password123' } }),
  );
  await client.storage.set(pair);
  return { phone, pair };
}

describe('@appdesk/client', { timeout: 120_000 }, () => {
  it('covers the client API with typed calls and unwrapped answers', async () => {
    const client = createAppdeskClient({ baseUrl: server.url, locale: 'en' });
    const { phone } = await signedUp(client);
    const me = await unwrap(client.GET('/api/personal/info'));
    expect(me.username).toBe(phone);
    expect((await unwrap(client.PUT('/api/personal/info', { body: { nickname: 'Client' } }))).nickname).toBe('Client');

    // Avatar: a multipart upload through the typed call, then the public image.
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 1, g: 2, b: 3 } } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'me.png');
    const withAvatar = await unwrap(client.POST('/api/personal/avatar', { body: { file: '' }, bodySerializer: () => form }));
    const avatarId = new URL(withAvatar.avatar).pathname.split('/').pop()!;
    const image = await client.GET('/api/avatars/{id}', { params: { path: { id: avatarId } }, parseAs: 'arrayBuffer' });
    expect(image.response.headers.get('content-type')).toBe('image/webp');

    // Codes: check, log in by one, reset the password with one.
    await new Promise((r) => setTimeout(r, 1100));
    await unwrap(client.POST('/api/auth/send_code', { body: { account: phone } }));
    await unwrap(client.POST('/api/auth/check_code', { body: { account: phone, code: sms.codes.get(phone)! } }));
    const byCode = await unwrap(client.POST('/api/auth/code_login', { body: { account: phone, code: sms.codes.get(phone)! } }));
    expect(byCode.access_token).toHaveLength(50);
    await new Promise((r) => setTimeout(r, 1100));
    await unwrap(client.POST('/api/auth/send_code', { body: { account: phone } }));
    await unwrap(
      client.POST('/api/auth/reset_password', { body: { account: phone, code: sms.codes.get(phone)!, password: 'password456' } }),
    );
    await client.storage.set(await unwrap(client.POST('/api/auth/access_token', { body: { account: phone, password: 'password456' } })));
    await unwrap(client.PUT('/api/personal/password', { body: { old_password: 'password456', password: 'password789' } }));

    // Push devices and the switch.
    const bound = await unwrap(client.POST('/api/push/bind', { body: { client_id: `dev-${phone}`, client_type: 'android' } }));
    expect(bound.switch).toBe(true);
    await unwrap(client.PUT('/api/push/switch/{client_id}', { params: { path: { client_id: `dev-${phone}` } }, body: { switch: false } }));
    expect((await unwrap(client.GET('/api/push/switch/{client_id}', { params: { path: { client_id: `dev-${phone}` } } }))).switch).toBe(
      false,
    );

    // FAQ, feedback, counters and the inbox.
    expect((await unwrap(client.GET('/api/faq', { params: { query: { page_size: '5' } } }))).page_size).toBe(5);
    const missingFaq = await unwrap(client.GET('/api/faq/{id}', { params: { path: { id: '999999' } } })).catch((e: unknown) => e);
    expect(missingFaq).toBeInstanceOf(AppdeskError);
    expect((missingFaq as AppdeskError).code).toBe(10001);
    expect((await unwrap(client.GET('/api/feedback_category'))).total).toBe(0);
    const fb = await unwrap(client.POST('/api/feedback', { body: { feedback_content: 'Works from the client' } }));
    expect((await unwrap(client.GET('/api/feedback'))).data.map((f) => f.id)).toContain(fb.id);
    const noReply = await unwrap(
      client.GET('/api/feedback/reply/{feedback_id}', { params: { path: { feedback_id: String(fb.id) } } }),
    ).catch((e: unknown) => e);
    expect((noReply as AppdeskError).code).toBe(10001);
    await unwrap(client.DELETE('/api/feedback/{id}', { params: { path: { id: String(fb.id) } } }));
    expect(await unwrap(client.GET('/api/message/count', { params: { query: { push_ids: ['1'] } } }))).toEqual({
      push_count: 0,
      feedback_count: 0,
    });
    expect((await unwrap(client.GET('/api/push/log'))).total).toBe(0);
    const noPush = await unwrap(client.GET('/api/push/log/{id}', { params: { path: { id: '1' } } })).catch((e: unknown) => e);
    expect((noPush as AppdeskError).code).toBe(10001);
    await unwrap(client.DELETE('/api/push/log/delete', { body: {} }));

    // Sessions: list, end one; log out; then the account goes.
    const sessions = await unwrap(client.GET('/api/auth/sessions'));
    const other = sessions.data.find((s) => !s.current);
    if (other) await unwrap(client.DELETE('/api/auth/sessions/{id}', { params: { path: { id: String(other.id) } } }));
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = newPhone();
    await unwrap(client.POST('/api/auth/send_code', { body: { account: fresh } }));
    expect((await unwrap(client.PUT('/api/personal/account', { body: { account: fresh, code: sms.codes.get(fresh)! } }))).phone).toBe(
      fresh,
    );
    const second = await unwrap(client.POST('/api/auth/access_token', { body: { account: fresh, password: 'password789' } }));
    await unwrap(client.POST('/api/auth/destroy_token', {}));
    await client.storage.set(second);
    await unwrap(client.DELETE('/api/personal/account', { body: { password: 'password789' } }));
    const gone = await unwrap(client.GET('/api/personal/info')).catch((e: unknown) => e);
    expect((gone as AppdeskError).code).toBe(10004);
    expect(await client.storage.get()).toBeNull();
  });

  it('refreshes once for 20 concurrent calls whose access token stopped working, and every call succeeds', async () => {
    const counts = new Map<string, number>();
    const client = createAppdeskClient({ baseUrl: server.url, fetch: countingFetch(counts) });
    const { pair } = await signedUp(client);
    // Rotated elsewhere (another device of the same login, a lost answer): the stored access
    // token answers 10004 from now on, the stored refresh token is inside its grace window.
    const rotated = await call(server.url, 'POST', '/api/auth/refresh_token', { refresh_token: pair.refresh_token });
    expect(rotated.body.code).toBe(0);
    counts.clear();
    const answers = await Promise.all(Array.from({ length: 20 }, () => unwrap(client.GET('/api/personal/info'))));
    expect(answers.every((a) => a.id === answers[0]!.id)).toBe(true);
    expect(counts.get('/api/auth/refresh_token')).toBe(1);
    expect(counts.get('/api/personal/info')).toBe(40);
    const stored = await client.storage.get();
    expect(stored?.access_token).not.toBe(pair.access_token);
  });

  it('two clients racing to refresh the same pair both keep working (grace window), with one refresh each', async () => {
    const first = createAppdeskClient({ baseUrl: server.url });
    const { pair } = await signedUp(first);
    await call(server.url, 'POST', '/api/auth/refresh_token', { refresh_token: pair.refresh_token });
    const second = createAppdeskClient({ baseUrl: server.url, storage: memoryTokenStorage(pair) });
    const [a, b] = await Promise.all([unwrap(first.GET('/api/personal/info')), unwrap(second.GET('/api/personal/info'))]);
    expect(a.id).toBe(b.id);
    expect((await first.storage.get())?.access_token).not.toBe((await second.storage.get())?.access_token);
  });

  it('surfaces a revoked session as an AppdeskError (10004) and clears the stored pair', async () => {
    const client = createAppdeskClient({ baseUrl: server.url, locale: 'zh-CN' });
    const { pair } = await signedUp(client);
    const ended = await call(server.url, 'POST', '/api/auth/destroy_token', undefined, { authorization: `Token ${pair.access_token}` });
    expect(ended.body.code).toBe(0);
    const err = await unwrap(client.GET('/api/personal/info')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppdeskError);
    expect((err as AppdeskError).code).toBe(10004);
    expect((err as AppdeskError).sessionEnded).toBe(true);
    expect((err as AppdeskError).message).toMatch(/Token/);
    expect(await client.storage.get()).toBeNull();
  });

  it('sends X-App-Id: an unknown app is a typed 10005', async () => {
    const client = createAppdeskClient({ baseUrl: server.url, appId: 'no-such-app' });
    const err = await unwrap(client.GET('/api/faq')).catch((e: unknown) => e);
    expect((err as AppdeskError).code).toBe(10005);
    expect((err as AppdeskError).status).toBe(400);
  });
});
