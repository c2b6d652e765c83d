/**
 * The super manager's pages in a real browser: an app created and its push and SMS settings
 * saved (secrets sent back as the server's mask, never in clear), a manager created, edited,
 * refused by the last-super rule in the server's words and deleted, the audit log listing
 * those changes, and a manager's own TOTP set up with a code computed here, then a sign-in
 * that needs the code, then turned off by the super manager.
 */
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
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
import { call } from '../helpers/server-process.js';

let browser: Browser;
let srv: ConsoleServer;
let admin: Record<string, string>;
const POLL = { timeout: STEP_MS };

/** The code of an authenticator app at `at` (ms). */
const totpCode = (secret: string, at: number) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

async function pick(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

async function confirm(page: Page) {
  await clickInNewDialog(page, page.locator('.ant-popconfirm:visible'), 'Yes');
}

beforeAll(async () => {
  [browser, srv] = await Promise.all([launchBrowser(), startConsoleServer()]);
  admin = adminHeaders(await adminToken(srv.url));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('apps, managers, audit and security', () => {
  it('creates an app and saves its push and SMS settings, sending secrets back masked', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/apps`);
    await page.getByTestId('create-app').click();
    await page.getByLabel('App ID').fill('shop');
    await page.getByLabel('Name').fill('Shop');
    await page.locator('.ant-modal:visible').getByRole('button', { name: 'OK' }).click();
    await page.waitForURL(/\/admin\/apps\/shop$/);

    await pick(page, 'Android push', 'jpush');
    await page.getByLabel('app_key', { exact: true }).fill('jp-app-key');
    await page.getByLabel('master_secret', { exact: true }).fill('jp-master-secret');
    await pick(page, 'SMS', 'twilio');
    await page.getByLabel('account_sid', { exact: true }).fill('AC123');
    await page.getByLabel('auth_token', { exact: true }).fill('twilio-token');
    await page.getByLabel('from', { exact: true }).fill('+15550001111');
    await page.getByTestId('save-app').click();
    await page.getByText('Saved').or(page.getByTestId('app-error')).or(page.locator('.ant-form-item-explain-error')).first().waitFor();
    expect(await page.getByTestId('app-error').count()).toBe(0);
    expect(await page.locator('.ant-form-item-explain-error').allTextContents()).toEqual([]);

    const stored = await call(srv.url, 'GET', '/admin/api/apps/shop', undefined, admin);
    expect(stored.body.data.push_config).toEqual({
      android_provider: 'jpush',
      jpush: { app_key: 'jp-app-key', master_secret: '********' },
    });
    expect(stored.body.data.sms_config).toEqual({ provider: 'twilio', account_sid: 'AC123', auth_token: '********', from: '+15550001111' });

    // Reloaded, the secrets show as the mask; a name change sends them back as it.
    await page.reload();
    await expect.poll(() => page.getByLabel('master_secret', { exact: true }).inputValue(), POLL).toBe('********');
    await page.getByLabel('Name').fill('Shop (EU)');
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/admin/api/apps/shop'));
    await page.getByTestId('save-app').click();
    const sent = (await put).postDataJSON() as { push_config: { jpush: Record<string, string> }; sms_config: Record<string, string> };
    expect(sent.push_config.jpush.master_secret).toBe('********');
    expect(sent.sms_config.auth_token).toBe('********');
    await expect
      .poll(async () => (await call(srv.url, 'GET', '/admin/api/apps/shop', undefined, admin)).body.data.name, POLL)
      .toBe('Shop (EU)');
    await page.getByTestId('app-managers').getByText('admin').waitFor();
    await screenshot(page, 'app-settings');

    await page.goto(`${srv.url}/admin/apps`);
    await page.getByRole('row').filter({ hasText: 'Shop (EU)' }).getByText('jpush').waitFor();
    await screenshot(page, 'apps');
    await context.close();
  }, 180_000);

  it('creates, edits and deletes a manager; the last super manager is refused in the server words', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/managers`);
    await page.getByTestId('create-manager').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByLabel('Username').fill('anna');
    await modal.getByLabel('Password').fill('short');
    await modal.getByRole('button', { name: 'OK' }).click();
    await modal.getByText('8 to 128 characters').waitFor();
    await modal.getByLabel('Password').fill('anna-password');
    await pick(page, 'Apps', 'Shop (EU) (shop)');
    // A multiple select stays open after a pick: close it by clicking elsewhere in the dialog.
    await modal.locator('.ant-modal-title').click();
    await modal.getByRole('button', { name: 'OK' }).click();
    await page.getByRole('row').filter({ hasText: 'anna' }).getByText('shop').waitFor();
    const list = await call(srv.url, 'GET', '/admin/api/managers', undefined, admin);
    const anna = list.body.data.data.find((m: { username: string }) => m.username === 'anna');
    expect(anna).toMatchObject({ role: 'operator', app_ids: ['shop'] });

    // The only super manager cannot demote itself: the server says why.
    await page.getByRole('button', { name: 'Edit admin' }).click();
    await pick(page, 'Role', 'Operator');
    await page.locator('.ant-modal:visible').getByRole('button', { name: 'OK' }).click();
    await page.getByText(/last super manager/i).waitFor();
    await page.locator('.ant-modal:visible').getByRole('button', { name: 'Cancel' }).click();
    await screenshot(page, 'managers');

    await page.getByRole('button', { name: 'Delete anna' }).click();
    await confirm(page);
    await page.getByRole('row').filter({ hasText: 'anna' }).waitFor({ state: 'detached' });
    const after = await call(srv.url, 'GET', '/admin/api/managers', undefined, admin);
    expect(after.body.data.data.map((m: { username: string }) => m.username)).toEqual(['admin']);
    await context.close();
  }, 180_000);

  it('the audit log lists those changes, filters by action and shows what changed', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/audit`);
    const table = page.getByTestId('audit-table');
    for (const action of ['app.create', 'app.update', 'manager.create', 'manager.delete']) await table.getByText(action).first().waitFor();

    const filter = page.getByLabel('Action', { exact: true });
    await filter.fill('manager.create');
    await filter.press('Enter');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), POLL).toBe(1);
    await table.getByText('manager.create').click();
    await expect.poll(() => page.getByTestId('audit-detail').textContent(), POLL).toContain('"username": "anna"');
    await screenshot(page, 'audit');
    await context.close();
  }, 120_000);

  it('a manager sets up TOTP with a code, then signs in with one; a super manager turns it off', async () => {
    const made = await call(srv.url, 'POST', '/admin/api/managers', { username: 'tom', password: 'tom-password', app_ids: [''] }, admin);
    expect(made.body.code).toBe(0);
    const tom = { username: 'tom', password: 'tom-password' };

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url, tom);
    await page.goto(`${srv.url}/admin/security`);
    await page.getByTestId('totp-setup').click();
    await page.getByTestId('totp-qr').waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await screenshot(page, 'security');

    const enable = page.getByTestId('totp-enable');
    await enable.getByLabel('Code').fill('000000' === totpCode(secret, Date.now()) ? '111111' : '000000');
    await enable.getByRole('button', { name: 'Turn on' }).click();
    await page.getByTestId('totp-error').waitFor();
    await enable.getByLabel('Code').fill(totpCode(secret, Date.now()));
    await enable.getByRole('button', { name: 'Turn on' }).click();
    await page.getByTestId('totp-status').getByText(/^On:/).waitFor();
    await context.close();

    // Signing in now takes a code; a used one is refused (replay), so use the next step's.
    const again = await newContext(browser);
    const next = await again.newPage();
    await next.goto(`${srv.url}/admin/sign-in`);
    await next.getByLabel('Username').fill(tom.username);
    await next.getByLabel('Password').fill(tom.password);
    await next.getByRole('button', { name: /sign in/i }).click();
    await next.getByLabel('Code').fill(totpCode(secret, Date.now() + 30_000));
    await next.getByRole('button', { name: 'Verify' }).click();
    await next.getByTestId('nav').waitFor();
    await again.close();

    const superCtx = await newContext(browser);
    const sup = await superCtx.newPage();
    await signIn(sup, srv.url);
    await sup.goto(`${srv.url}/admin/managers`);
    await sup.getByRole('row').filter({ hasText: 'tom' }).getByText('On').waitFor();
    await sup.getByRole('button', { name: 'Turn off two-factor tom' }).click();
    await confirm(sup);
    await sup.getByRole('row').filter({ hasText: 'tom' }).getByText('Off').waitFor();
    const login = await call(srv.url, 'POST', '/admin/api/auth/login', tom);
    expect(login.body.code).toBe(0);
    await superCtx.close();
  }, 180_000);
});
