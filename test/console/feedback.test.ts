/**
 * The feedback inbox and its categories in a real browser: users send feedback through the
 * client API (codes caught by an SMS webhook receiver), the operator finds it with a filter
 * and a search, replies, changes its status and moves with j/k; the user then reads the
 * reply through GET /api/feedback/reply/{id}. Categories are created, renamed and deleted
 * in the browser and checked through the admin API.
 */
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
import { registerPhoneUser, startCodeCatcher, type CodeCatcher } from '../helpers/sms-codes.js';
import { call } from '../helpers/server-process.js';

let browser: Browser;
let srv: ConsoleServer;
let sms: CodeCatcher;
let admin: Record<string, string>;

const registerUser = async (phone: string) => (await registerPhoneUser(srv.url, sms, phone)).headers;

async function sendFeedback(user: Record<string, string>, body: Record<string, unknown>): Promise<number> {
  const res = await call(srv.url, 'POST', '/api/feedback', body, user);
  expect(res.body.code).toBe(0);
  return res.body.data.id as number;
}

const item = (page: Page, id: number) => page.getByTestId(`feedback-item-${id}`);
/** Waits on the page's real state, bounded like a browser step (a loaded machine is slow). */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: STEP_MS });

beforeAll(async () => {
  sms = await startCodeCatcher();
  [browser, srv] = await Promise.all([
    launchBrowser(),
    startConsoleServer({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: sms.url, CODE_SEND_INTERVAL_SECONDS: '0' }),
  ]);
  // The default app is the one without X-App-Id (""); "_default" names it only in /admin/api/apps.
  admin = adminHeaders(await adminToken(srv.url));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  await sms?.close();
});

describe('feedback inbox', () => {
  let user: Record<string, string>;
  let printer: number;
  let login: number;
  let erased: number;

  beforeAll(async () => {
    const cat = await call(srv.url, 'POST', '/admin/api/feedback_category', { name: 'Bug report', description: 'Something broke' }, admin);
    expect(cat.body.code).toBe(0);
    user = await registerUser('13800138001');
    // One user whose account is gone: their feedback stays, shown as from a deleted user.
    const leaver = await registerUser('13800138002');
    erased = await sendFeedback(leaver, { feedback_content: 'Please delete my data.' });
    const del = await call(srv.url, 'DELETE', '/api/personal/account', { password: 'password123' }, leaver);
    expect(del.body.code).toBe(0);
    printer = await sendFeedback(user, {
      feedback_content: 'The printer page crashes when I tap Share.\nIt happens every time since the last update.',
      feedback_category_id: cat.body.data.id,
      contact_phone: '13800138001',
    });
    login = await sendFeedback(user, { feedback_content: 'Login takes a long time on slow networks.' });
  }, 120_000);

  it('finds a feedback by status and search, replies, changes its status, and the user reads the reply', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/feedback`);
    await item(page, erased).waitFor();
    await poll(() => page.getByTestId('waiting-count').textContent()).toContain('3');

    // Status filter: pending, then a search that only the printer feedback matches.
    await page.getByRole('combobox', { name: 'Status' }).click();
    // The dropdown's visible options carry their label as a title (the role=option ones are for screen readers).
    await page.locator('.ant-select-dropdown').getByTitle('Pending', { exact: true }).click();
    await page.waitForURL(/\/admin\/feedback\?status=0$/);
    await page.getByLabel('Search content or contact phone').fill('printer');
    await page.getByLabel('Search content or contact phone').press('Enter');
    await page.waitForURL(/status=0&q=printer/);
    await poll(() => page.getByTestId('feedback-list').getByRole('option').count()).toBe(1);
    await item(page, printer).click();
    await page.waitForURL(new RegExp(`/admin/feedback/${printer}\\?status=0&q=printer$`));
    const conversation = page.getByTestId('conversation');
    await conversation.getByText('The printer page crashes when I tap Share.').waitFor();
    await conversation.getByText('Bug report').waitFor();
    await conversation.getByTestId('user-link').waitFor();
    expect(await conversation.getByTestId('user-link').getAttribute('href')).toMatch(/\/admin\/users\/\d+$/);

    // A reload keeps the selection and the filters.
    await page.reload();
    await page.getByTestId('conversation').getByText('The printer page crashes when I tap Share.').waitFor();

    // Empty replies are refused before sending; "r" focuses the box, Ctrl+Enter sends.
    await page.locator('body').press('r');
    const box = page.getByLabel('Reply');
    await poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.press('Control+Enter');
    await page.getByText('Write something first').waitFor();
    await box.fill('Thanks! Fixed in version 2.3, please update.');
    await box.press('Control+Enter');
    await page.getByTestId('bubble-operator').getByText('Thanks! Fixed in version 2.3, please update.').waitFor();
    await poll(() => page.getByTestId('conversation-status').textContent()).toBe('Replied');
    await poll(() => box.inputValue()).toBe('');
    // Esc leaves the box, so letters are shortcuts again.
    await box.focus();
    await box.press('Escape');
    await poll(() => box.evaluate((el) => el === document.activeElement)).toBe(false);

    // Status switch: closed, as the server now says too.
    await page.getByTestId('status-switch').getByText('Closed').click();
    await poll(() => page.getByTestId('conversation-status').textContent()).toBe('Closed');
    const fb = await call(srv.url, 'GET', `/admin/api/feedback/${printer}`, undefined, admin);
    expect(fb.body.data.feedback_status).toBe(2);
    expect(fb.body.data.replies.map((r: { reply_content: string }) => r.reply_content)).toEqual([
      'Thanks! Fixed in version 2.3, please update.',
    ]);
    // It no longer matches the pending filter: the list says so.
    await poll(() => page.getByTestId('feedback-list').getByRole('option').count()).toBe(0);

    // The user reads the reply through the client API.
    const reply = await call(srv.url, 'GET', `/api/feedback/reply/${printer}`, undefined, user);
    expect(reply.body.code).toBe(0);
    expect(reply.body.data.reply_content).toBe('Thanks! Fixed in version 2.3, please update.');
    expect(reply.body.data.is_read).toBe(false);
    await context.close();
  }, 180_000);

  it('moves between feedback with j and k, shows the keys on ?, and a deleted user as deleted', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    // Newest first: login, printer, erased.
    await page.goto(`${srv.url}/admin/feedback/${login}`);
    await page.getByTestId('conversation').getByText('Login takes a long time on slow networks.').waitFor();
    await poll(() => item(page, login).getAttribute('aria-selected')).toBe('true');

    await page.keyboard.press('j');
    await page.waitForURL(new RegExp(`/admin/feedback/${printer}$`));
    await page.getByTestId('conversation').getByText('The printer page crashes when I tap Share.').waitFor();
    await page.getByTestId('bubble-operator').waitFor();
    await poll(() => item(page, printer).getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'feedback-inbox');
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(new RegExp(`/admin/feedback/${erased}$`));
    await page.getByTestId('user-deleted').waitFor();
    // The last row of the only page: j stays.
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.waitForURL(new RegExp(`/admin/feedback/${printer}$`));
    await page.keyboard.press('k');
    await page.waitForURL(new RegExp(`/admin/feedback/${login}$`));
    await poll(() => item(page, login).getAttribute('aria-selected')).toBe('true');

    // Keys typed in the search box are text, not shortcuts.
    await page.getByLabel('Search content or contact phone').fill('');
    await page.getByLabel('Search content or contact phone').press('j');
    expect(new URL(page.url()).pathname).toBe(`/admin/feedback/${login}`);
    await page.getByLabel('Search content or contact phone').press('Escape');

    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-help').getByText('Next feedback').waitFor();
    await context.close();
  }, 180_000);

  it('stacks the panes on a tablet, with a way back to the list', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1024, height: 768 });
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/feedback`);
    await item(page, login).waitFor();
    expect(await page.getByTestId('conversation').count()).toBe(0);
    await screenshot(page, 'feedback-inbox-tablet-list');

    await item(page, printer).click();
    await page.getByTestId('conversation').getByText('The printer page crashes when I tap Share.').waitFor();
    expect(await page.getByTestId('feedback-list').count()).toBe(0);
    await page.getByRole('button', { name: 'Back to the list' }).waitFor();

    await page.setViewportSize({ width: 768, height: 1024 });
    await page.getByTestId('bubble-operator').waitFor();
    await screenshot(page, 'feedback-inbox-tablet');
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.waitForURL(/\/admin\/feedback$/);
    await item(page, printer).waitFor();
    await context.close();
  }, 180_000);

  it('reads in Chinese with the dark theme', async () => {
    const context = await newContext(browser, { locale: 'zh-CN', colorScheme: 'dark' });
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/feedback/${printer}`);
    await page.getByText('反馈收件箱').waitFor();
    await page.getByTestId('bubble-operator').waitFor();
    await screenshot(page, 'feedback-inbox-zh-dark');
    await context.close();
  }, 180_000);
});

describe('feedback categories', () => {
  async function categories(): Promise<{ id: number; name: string; description: string }[]> {
    const res = await call(srv.url, 'GET', '/admin/api/feedback_category?page_size=100', undefined, admin);
    expect(res.body.code).toBe(0);
    return res.body.data.data;
  }

  it('creates, renames and deletes a category, validating before sending', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/feedback-categories`);
    await page.getByTestId('categories-table').waitFor();

    await page.getByRole('button', { name: 'New category' }).click();
    const dialog = page.getByTestId('category-dialog');
    await dialog.getByLabel('Name').fill('   ');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('Give it a name').waitFor();
    await dialog.getByLabel('Name').fill('Feature request');
    await dialog.getByLabel('Description').fill('Ideas for the app');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('categories-table').getByText('Feature request').waitFor();
    expect((await categories()).find((c) => c.name === 'Feature request')?.description).toBe('Ideas for the app');

    await page.getByRole('button', { name: 'Edit Feature request' }).click();
    await dialog.getByLabel('Name').fill('Feature ideas');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('categories-table').getByText('Feature ideas').waitFor();
    await poll(async () => (await categories()).map((c) => c.name)).toContain('Feature ideas');
    expect((await categories()).map((c) => c.name)).not.toContain('Feature request');
    // The "Saved" toast goes by itself; the screenshot shows the page, not it.
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await screenshot(page, 'feedback-categories');

    await page.getByRole('button', { name: 'Delete Feature ideas' }).click();
    await page.getByText('Delete “Feature ideas”?').waitFor();
    await clickInNewDialog(page, page.getByRole('tooltip'), 'Delete');
    await poll(async () => (await categories()).map((c) => c.name)).not.toContain('Feature ideas');
    await poll(() => page.getByTestId('categories-table').getByText('Feature ideas').count()).toBe(0);
    await context.close();
  }, 180_000);
});
