/**
 * The FAQ pages in a real browser: an article written in Markdown with its live preview,
 * saved as a draft, published from the list and then read through the client API
 * (`GET /api/faq`, SPEC section 3), unpublished and gone from it again.
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
import { call } from '../helpers/server-process.js';

let browser: Browser;
let srv: ConsoleServer;
let admin: Record<string, string>;

beforeAll(async () => {
  [browser, srv] = await Promise.all([launchBrowser(), startConsoleServer()]);
  // No X-App-Id: the default app, the one the client API reads without a header.
  admin = adminHeaders(await adminToken(srv.url));
  // A list worth looking at: published and draft articles in two categories.
  const seed = [
    { title: 'How do I reset my password?', category: 'Account', sort: 10, is_published: true },
    { title: 'Which payment methods are accepted?', category: 'Billing', sort: 5, is_published: true },
    { title: 'Refunds for annual plans', category: 'Billing', sort: 0, is_published: false },
  ];
  for (const s of seed) {
    const res = await call(srv.url, 'POST', '/admin/api/faq', { ...s, content: `About: ${s.title}` }, admin);
    expect(res.body.code, JSON.stringify(res.body)).toBe(0);
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

async function publishedTitles(): Promise<{ title: string; content: string }[]> {
  const res = await call(srv.url, 'GET', '/api/faq?page_size=100');
  expect(res.body.code).toBe(0);
  return res.body.data.data as { title: string; content: string }[];
}

async function statusOf(page: Page, title: string) {
  return page.getByRole('row').filter({ hasText: title }).locator('[data-testid^="faq-status-"]').textContent();
}

const TITLE = 'Where can I see my orders?';
const MARKDOWN = '# Your orders\n\nOpen **Me → Orders** to see *every* order.\n\n- paid\n- shipped\n\n<script>alert(1)</script>';

describe('console FAQ', () => {
  it('writes an article with a Markdown preview, publishes it for the client API, and unpublishes it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/faq`);
    await page.getByRole('button', { name: 'New article' }).click();
    await page.waitForURL(/\/admin\/faq\/new$/);

    // The form refuses what the server would before sending it.
    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page.getByLabel(/^External link/).fill('ftp://example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Must be an http(s) URL').waitFor();
    await page.locator('#content_help').getByText('Required').waitFor();
    await page.getByLabel(/^External link/).fill('https://example.com/orders');

    await page.getByLabel(/^Category/).fill('Orders');
    await page.getByLabel('Content (Markdown)', { exact: true }).fill(MARKDOWN);
    const preview = page.getByTestId('markdown-preview');
    await preview.getByRole('heading', { name: 'Your orders' }).waitFor();
    expect(await preview.locator('strong').textContent()).toBe('Me → Orders');
    expect(await preview.locator('li').count()).toBe(2);
    // Raw HTML is not rendered, not even as text.
    expect(await preview.locator('script').count()).toBe(0);
    expect(await preview.textContent()).not.toContain('alert');
    await screenshot(page, 'faq-editor');

    // Leaving with unsaved changes asks first; staying keeps the text.
    await page.getByTestId('nav').getByText('FAQ').click();
    await clickInNewDialog(page, page.getByRole('dialog').filter({ hasText: 'Leave without saving?' }), 'Stay');
    expect(new URL(page.url()).pathname).toBe('/admin/faq/new');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/admin\/faq\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    // Saved as a draft (the switch was left off): the client API does not show it.
    expect((await publishedTitles()).map((f) => f.title)).not.toContain(TITLE);

    // Nothing unsaved now: leaving does not ask.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.waitForURL(/\/admin\/faq$/);
    await page.getByRole('row').filter({ hasText: TITLE }).waitFor();
    expect(await statusOf(page, TITLE)).toBe('Draft');

    await page.getByLabel(`Publish: ${TITLE}`, { exact: true }).click();
    await expect.poll(() => statusOf(page, TITLE), { timeout: STEP_MS }).toBe('Published');
    const seen = (await publishedTitles()).find((f) => f.title === TITLE);
    expect(seen?.content).toBe(MARKDOWN);
    const one = await call(srv.url, 'GET', `/api/faq/${id}`);
    expect(one.body.data.category).toBe('Orders');
    expect(one.body.data.external_link).toBe('https://example.com/orders');

    // The sort order is edited in place and orders the client's list.
    const sort = page.getByLabel(`Sort: ${TITLE}`, { exact: true });
    await sort.fill('99');
    await sort.press('Enter');
    await expect.poll(async () => (await publishedTitles())[0]?.title, { timeout: STEP_MS }).toBe(TITLE);
    await screenshot(page, 'faq-list');

    await page.getByLabel(`Unpublish: ${TITLE}`, { exact: true }).click();
    await expect.poll(() => statusOf(page, TITLE), { timeout: STEP_MS }).toBe('Draft');
    expect((await publishedTitles()).map((f) => f.title)).not.toContain(TITLE);
    await context.close();

    // On a tablet, in Chinese and the dark theme: the preview stacks under the editor.
    const tablet = await newContext(browser, { locale: 'zh-CN', colorScheme: 'dark' });
    const tab = await tablet.newPage();
    await tab.setViewportSize({ width: 768, height: 1024 });
    await signIn(tab, srv.url);
    await tab.goto(`${srv.url}/admin/faq/${id}`);
    await tab.getByTestId('markdown-preview').getByRole('heading', { name: 'Your orders' }).waitFor();
    await screenshot(tab, 'faq-editor-tablet-zh-dark');
    await tablet.close();
  }, 180_000);

  it('filters by category and text on the server, and deletes after a confirmation', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/faq?category=Billing`);
    const table = page.getByTestId('faq-table');
    await table.getByText('Refunds for annual plans').waitFor();
    await expect.poll(() => table.locator('tr.ant-table-row').count(), { timeout: STEP_MS }).toBe(2);

    await page.getByLabel('Search title or content', { exact: true }).fill('refunds');
    await page.getByLabel('Search title or content', { exact: true }).press('Enter');
    await page.waitForURL(/q=refunds/);
    await expect.poll(() => table.locator('tr.ant-table-row').count(), { timeout: STEP_MS }).toBe(1);

    await page.getByLabel('Delete: Refunds for annual plans', { exact: true }).click();
    await clickInNewDialog(page, page.getByRole('tooltip'), 'Delete');
    await table.getByText('No article matches these filters.').waitFor();
    const res = await call(srv.url, 'GET', '/admin/api/faq?q=refunds', undefined, admin);
    expect(res.body.data.total).toBe(0);
    await context.close();
  }, 180_000);
});
