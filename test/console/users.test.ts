/**
 * Users and the dashboard in a real browser: users registered through the client API (codes
 * caught by an SMS webhook receiver) are found by nickname and phone; the detail shows their
 * devices, sessions and feedback; disabling one makes the client API refuse their token
 * (10003) and enabling lets them back in; "sign out everywhere" kills a user's tokens; the
 * dashboard's figures are the ones the data makes.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
  clickInNewDialog,
  STEP_MS,
  launchBrowser,
  newContext,
  screenshot,
  signIn,
  startConsoleServer,
  type ConsoleServer,
} from '../helpers/browser.js';
import { registerPhoneUser, startCodeCatcher, type CodeCatcher } from '../helpers/sms-codes.js';
import { call } from '../helpers/server-process.js';

let browser: Browser;
let srv: ConsoleServer;
let sms: CodeCatcher;
let admin: Record<string, string>;
const POLL = { timeout: STEP_MS };

interface TestUser {
  id: number;
  phone: string;
  headers: Record<string, string>;
}

async function registerUser(phone: string, nickname?: string): Promise<TestUser> {
  const { headers } = await registerPhoneUser(srv.url, sms, phone);
  if (nickname) {
    const named = await call(srv.url, 'PUT', '/api/personal/info', { nickname }, headers);
    expect(named.body, JSON.stringify(named.body)).toMatchObject({ code: 0 });
  }
  const info = await call(srv.url, 'GET', '/api/personal/info', undefined, headers);
  return { id: info.body.data.id as number, phone, headers };
}

async function sendFeedback(user: TestUser, content: string): Promise<number> {
  const res = await call(srv.url, 'POST', '/api/feedback', { feedback_content: content }, user.headers);
  expect(res.body.code).toBe(0);
  return res.body.data.id as number;
}

const row = (page: Page, text: string) => page.getByTestId('users-table').getByRole('row').filter({ hasText: text });
const dataRows = (page: Page) => page.getByTestId('users-table').locator('tbody tr.ant-table-row');

async function confirm(page: Page) {
  await clickInNewDialog(page, page.locator('.ant-popconfirm:visible'), 'Yes');
}

beforeAll(async () => {
  sms = await startCodeCatcher();
  [browser, srv] = await Promise.all([
    launchBrowser(),
    startConsoleServer({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: sms.url, CODE_SEND_INTERVAL_SECONDS: '0' }),
  ]);
  admin = { authorization: `Token ${await adminToken(srv.url)}` };
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  await sms?.close();
});

describe('users', () => {
  let alice: TestUser;
  let bob: TestUser;
  let feedbackIds: number[];

  beforeAll(async () => {
    alice = await registerUser('13800138101', 'Alice Zhang');
    bob = await registerUser('13800138102', 'Bob');
    await registerUser('13800138103');
    feedbackIds = [await sendFeedback(alice, 'The map does not load on my tablet.'), await sendFeedback(alice, 'Dark mode please!')];
    const bound = await call(
      srv.url,
      'POST',
      '/api/push/bind',
      { client_id: 'alice-android-0123456789abcdef', client_type: 'android' },
      alice.headers,
    );
    expect(bound.body.code).toBe(0);
  }, 120_000);

  it('finds users by nickname and phone, shows the detail, and disabling refuses their token until enabled again', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/users`);
    await expect.poll(() => dataRows(page).count(), POLL).toBe(3);
    await screenshot(page, 'users');

    const search = page
      .getByRole('searchbox', { name: 'Phone, e-mail or nickname' })
      .or(page.getByRole('textbox', { name: 'Phone, e-mail or nickname' }));
    await search.fill('alice');
    await search.press('Enter');
    await expect.poll(() => dataRows(page).count(), POLL).toBe(1);
    await row(page, 'Alice Zhang').waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('alice');

    await search.fill('138102');
    await search.press('Enter');
    await row(page, 'Bob').waitFor();
    await expect.poll(() => dataRows(page).count(), POLL).toBe(1);

    await page.goto(`${srv.url}/admin/users/${alice.id}`);
    await page.getByTestId('user-profile').getByText('+86 13800138101').waitFor();
    await page.getByTestId('user-devices').getByText('android').first().waitFor();
    // The client id is shown as a hint only.
    expect(await page.getByTestId('user-devices').textContent()).not.toContain('alice-android-0123456789abcdef');
    await page.getByTestId('user-sessions').locator('tbody tr.ant-table-row').first().waitFor();
    for (const id of feedbackIds) await page.locator(`a[href="/admin/feedback/${id}"]`).waitFor();
    await screenshot(page, 'user-detail');

    await page.getByTestId('toggle-user').click();
    await confirm(page);
    await expect.poll(() => page.getByTestId('user-status').first().textContent(), POLL).toBe('Disabled');
    for (const [method, path] of [
      ['GET', '/api/personal/info'],
      ['GET', '/api/feedback'],
      ['GET', '/api/message/count'],
    ] as const) {
      const refused = await call(srv.url, method, path, undefined, alice.headers);
      expect(refused.body.code, path).toBe(10003);
    }
    const login = await call(srv.url, 'POST', '/api/auth/access_token', { account: alice.phone, password: 'password123' });
    expect(login.body.code).toBe(10003);

    await page.getByTestId('toggle-user').click();
    await confirm(page);
    await expect.poll(() => page.getByTestId('user-status').first().textContent(), POLL).toBe('Active');
    const back = await call(srv.url, 'POST', '/api/auth/access_token', { account: alice.phone, password: 'password123' });
    expect(back.body.code).toBe(0);

    const audit = await call(srv.url, 'GET', '/admin/api/audit?action=user.disable', undefined, admin);
    expect(audit.body.data.data.map((e: { target_id: string }) => e.target_id)).toEqual([String(alice.id)]);
    await context.close();
  }, 180_000);

  it('signs a user out everywhere', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/users/${bob.id}`);
    const sessions = page.getByTestId('user-sessions');
    await sessions.locator('tbody tr.ant-table-row').first().waitFor();
    await sessions.getByRole('button', { name: 'Sign out everywhere' }).click();
    await confirm(page);
    await sessions.getByText('Not signed in anywhere').waitFor();
    expect((await call(srv.url, 'GET', '/api/personal/info', undefined, bob.headers)).body.code).toBe(10004);
    await context.close();
  }, 120_000);

  it('the dashboard shows the figures the data makes, in both themes', async () => {
    const overview = await call(srv.url, 'GET', '/admin/api/stats/overview', undefined, admin);
    expect(overview.body.data).toMatchObject({ users_total: 3, users_today: 3, feedback_waiting: 2, devices_bound: 1 });

    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    const figure = (key: string) => page.getByTestId(`stat-${key}`).locator('.ant-statistic-content');
    await expect.poll(() => figure('users-total').textContent(), POLL).toBe('3');
    expect(await figure('users-today').textContent()).toBe('3');
    expect(await figure('feedback-waiting').textContent()).toBe('2');
    expect(await figure('devices').textContent()).toBe('1');
    expect(await figure('pushes-in-flight').textContent()).toBe('0');
    expect(await figure('oldest-waiting').textContent()).toMatch(/just now|min ago/);

    await page.getByTestId('chart-new-users').getByText('3 in the period').waitFor();
    await page.getByTestId('chart-feedback').getByText('2 in the period').waitFor();
    await page.getByTestId('range').getByText('7 days').click();
    await page.getByTestId('chart-new-users').locator('.recharts-area').waitFor();
    await page.getByTestId('chart-feedback').locator('.recharts-pie').waitFor();
    await screenshot(page, 'dashboard');
    await context.close();

    const dark = await newContext(browser, { colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    await signIn(darkPage, srv.url);
    await darkPage.getByTestId('chart-new-users').locator('.recharts-area').waitFor();
    await screenshot(darkPage, 'dashboard-dark');
    await dark.close();
  }, 180_000);
});
