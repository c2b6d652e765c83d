/**
 * The push pages in a real browser against a server whose default app pushes to a webhook
 * receiver: users with bound devices (one switched off), a push composed with extras and a
 * phone preview, sent, and its detail page's figures followed to the end, where they match
 * what the receiver got. A scheduled push is canceled from the list.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminHeaders,
  adminToken,
  clickInNewDialog,
  launchBrowser,
  newContext,
  screenshot,
  signIn,
  startConsoleServer,
  STEP_MS,
  type ConsoleServer,
} from '../helpers/browser.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { registerPhoneUser, startCodeCatcher, type CodeCatcher } from '../helpers/sms-codes.js';
import { call } from '../helpers/server-process.js';

let browser: Browser;
let srv: ConsoleServer;
let hook: Receiver;
let sms: CodeCatcher;
let admin: Record<string, string>;

/** Registers a user through the client API and binds their devices. */
async function userWithDevices(phone: string, devices: { id: string; type: 'android' | 'ios'; off?: boolean }[]): Promise<void> {
  const user = (await registerPhoneUser(srv.url, sms, phone)).headers;
  for (const d of devices) {
    expect((await call(srv.url, 'POST', '/api/push/bind', { client_id: d.id, client_type: d.type }, user)).body.code).toBe(0);
    if (d.off) expect((await call(srv.url, 'PUT', `/api/push/switch/${d.id}`, { switch: false }, user)).body.code).toBe(0);
  }
}

beforeAll(async () => {
  hook = await startReceiver((req, res) => {
    // The receiver refuses iOS batches: those devices count as failed.
    res.writeHead(req.body?.client_type === 'ios' ? 400 : 200, { 'content-type': 'application/json' }).end('{}');
  });
  sms = await startCodeCatcher();
  [browser, srv] = await Promise.all([
    launchBrowser(),
    startConsoleServer({ PUSH_PROVIDER: 'webhook', PUSH_WEBHOOK_URL: hook.url, SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: sms.url }),
  ]);
  admin = adminHeaders(await adminToken(srv.url));
  await userWithDevices('13900000001', [
    { id: 'console-a1', type: 'android' },
    { id: 'console-i1', type: 'ios' },
  ]);
  await userWithDevices('13900000002', [{ id: 'console-a2', type: 'android' }]);
  await userWithDevices('13900000003', [{ id: 'console-a3', type: 'android', off: true }]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  await hook?.close();
  await sms?.close();
});

const TITLE = 'Your order has shipped — track it on the map';
const BODY = 'Order #1042 left our warehouse this morning and should reach you within two days. Tap to follow it.';

describe('console push', () => {
  it('composes a push with a phone preview, sends it, and follows its figures to the end', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/push`);
    await page.getByRole('button', { name: 'New push' }).click();
    await page.waitForURL(/\/admin\/push\/new$/);

    // The targeted-users scope wants valid ids before anything is sent.
    await page.getByText('Listed users').click();
    const ids = page.getByLabel('User ids', { exact: true });
    await ids.fill('12x');
    await ids.press('Enter');
    await page.getByTestId('push-submit').click();
    await page.getByText('Not user ids: 12x').waitFor();
    await page.getByText('All users').click();

    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page.getByLabel(/^Body/).fill(BODY);
    await page.getByRole('button', { name: 'Add a key' }).click();
    await page.getByLabel('Key 1', { exact: true }).fill('page');
    await page.getByLabel('Value 1', { exact: true }).fill('orders/1042');
    await expect.poll(() => page.getByTestId('extras-bytes').textContent(), { timeout: STEP_MS }).toBe('22 / 2048 bytes');

    // The preview cuts as phones do: one line of title on both, one line of body on Android.
    const iosTitle = await page.getByTestId('preview-ios-title').textContent();
    expect(iosTitle?.endsWith('…')).toBe(true);
    expect(TITLE.startsWith(iosTitle!.slice(0, -1))).toBe(true);
    expect(await page.getByTestId('preview-android-line').count()).toBe(1);
    expect(await page.getByTestId('preview-ios-line').count()).toBeGreaterThan(1);
    await screenshot(page, 'push-compose');

    // The page moves on only when the create call succeeds. If it does not, the error carries
    // what the browser saw of the call and the server's log (this step failed under load in CI).
    const seen: string[] = [];
    page.on('console', (m) => seen.push(`console.${m.type()}: ${m.text()}`));
    page.on('request', (r) => seen.push(`request: ${r.method()} ${r.url()}`));
    page.on('requestfailed', (r) => seen.push(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => seen.push(`response: ${r.status()} ${r.url()}`));
    try {
      await page.getByTestId('push-submit').click();
      await clickInNewDialog(page, page.getByRole('dialog'), 'Send');
      await page.waitForURL(/\/admin\/push\/\d+$/);
    } catch (err) {
      throw new Error(`${String(err)}\nbrowser:\n${seen.slice(-40).join('\n')}\nserver:\n${srv.server.output().slice(-4000)}`, {
        cause: err,
      });
    }
    const id = Number(new URL(page.url()).pathname.split('/').pop());

    // The page polls until the status is final, then says so.
    await page.getByTestId('delivery-state').getByText('Delivery is over').waitFor();
    const figure = async (k: string) =>
      Number((await page.getByTestId(`figure-${k}`).locator('.ant-statistic-content-value').textContent())?.replace(/\D/g, ''));
    const shown = {
      targeted: await figure('targeted'),
      sent: await figure('sent'),
      failed: await figure('failed'),
      skipped: await figure('skipped'),
    };
    expect(shown).toEqual({ targeted: 4, sent: 2, failed: 1, skipped: 1 });
    expect(shown.sent + shown.failed + shown.skipped).toBe(shown.targeted);
    expect(await page.getByTestId('push-status').textContent()).toBe('Sent');

    // What the receiver got: the devices switched on, Android accepted, iOS refused.
    const batches = hook.requests.filter((r) => r.body?.push_id === id);
    const got = (type: string) => batches.filter((b) => b.body.client_type === type).flatMap((b) => b.body.client_ids as string[]);
    expect(got('android').sort()).toEqual(['console-a1', 'console-a2']);
    expect(got('ios')).toEqual(['console-i1']);
    expect(got('android').length).toBe(shown.sent);
    expect(got('ios').length).toBe(shown.failed);
    expect(batches[0]!.body.title).toBe(TITLE);
    expect(batches[0]!.body.extras).toEqual({ page: 'orders/1042' });
    const api = await call(srv.url, 'GET', `/admin/api/push/${id}`, undefined, admin);
    expect(api.body.data).toMatchObject(shown);
    await screenshot(page, 'push-detail');
    await context.close();

    // On a tablet, in Chinese and the dark theme.
    const tablet = await newContext(browser, { locale: 'zh-CN', colorScheme: 'dark' });
    const tab = await tablet.newPage();
    await tab.setViewportSize({ width: 1024, height: 768 });
    await signIn(tab, srv.url);
    await tab.goto(`${srv.url}/admin/push/${id}`);
    await tab.getByTestId('delivery-state').getByText('发送已结束').waitFor();
    await screenshot(tab, 'push-detail-tablet-zh-dark');
    await tab.goto(`${srv.url}/admin/push/new`);
    await tab.getByTestId('phone-preview').waitFor();
    await screenshot(tab, 'push-compose-tablet-zh-dark');
    await tablet.close();
  }, 180_000);

  it('cancels a scheduled push from the list after a confirmation', async () => {
    const created = await call(
      srv.url,
      'POST',
      '/admin/api/push',
      { push_title: 'New year sale', push_body: 'Everything 20% off', push_scope: 2, send_at: '2099-01-01 09:00:00' },
      admin,
    );
    expect(created.body.code, JSON.stringify(created.body)).toBe(0);
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/push`);
    const row = page.getByRole('row').filter({ hasText: 'New year sale' });
    await row.getByText('Scheduled').waitFor();
    await screenshot(page, 'push-list');

    await page.getByLabel('Cancel push: New year sale', { exact: true }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Cancel push' }).click();
    await row.getByText('Canceled').waitFor();
    const after = await call(srv.url, 'GET', `/admin/api/push/${created.body.data.id}`, undefined, admin);
    expect(after.body.data.push_status).toBe(3);
    await context.close();
  }, 180_000);
});
