/**
 * The console's shell in a real browser: sign-in and the server's message on a refusal,
 * returning to the page asked for, language and theme (following the browser, then
 * switched), and an expired session going back to sign-in and then to where it was.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, launchBrowser, newContext, screenshot, signIn, startConsoleServer, type ConsoleServer } from '../helpers/browser.js';
import { call } from '../helpers/server-process.js';

let browser: Browser;
let srv: ConsoleServer;

beforeAll(async () => {
  [browser, srv] = await Promise.all([launchBrowser(), startConsoleServer()]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

describe('console shell', () => {
  it('shows the server message on a wrong password, then signs in and lands on the page asked for', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${srv.url}/admin/audit?x=1`);
    await page.waitForURL(/\/admin\/sign-in\?next=%2Faudit%3Fx%3D1/);
    await screenshot(page, 'sign-in');

    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: /sign in/i }).click();
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toMatch(/password/i);

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/admin\/audit\?x=1$/);
    await page.getByTestId('nav').waitFor();
    await context.close();
  }, 120_000);

  it('a client route survives a reload', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/faq`);
    await page.reload();
    await page.getByTestId('nav').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/faq');
    await context.close();
  }, 120_000);

  it('follows the browser language and colour scheme, then the switches', async () => {
    const context = await newContext(browser, { locale: 'zh-CN', colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${srv.url}/admin/sign-in`);
    await page.getByText('登录管理后台').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await screenshot(page, 'sign-in-zh-dark');

    await signIn(page, srv.url);
    await page.getByTestId('nav').getByText('仪表盘').waitFor();

    await page.getByTestId('language-switch').click();
    await page.getByTitle('English').click();
    await page.getByTestId('nav').getByText('Dashboard').waitFor();
    await page.getByTestId('theme-switch').getByText('Light').click();
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('light');

    // Both choices are remembered across a reload.
    await page.reload();
    await page.getByTestId('nav').getByText('Dashboard').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await context.close();
  }, 120_000);

  it('an expired session returns to sign-in, and back to the page afterwards', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, srv.url);
    await page.goto(`${srv.url}/admin/users`);
    await page.getByTestId('nav').waitFor();

    // The token dies on the server (as when it expires or is revoked).
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('appdesk.console.session') ?? '{}').access_token as string);
    const out = await call(srv.url, 'POST', '/admin/api/auth/logout', undefined, { authorization: `Token ${token}` });
    expect(out.body.code).toBe(0);

    await page.goto(`${srv.url}/admin/audit`);
    await page.waitForURL(/\/admin\/sign-in\?next=%2Faudit/);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/admin\/audit$/);
    await context.close();
  }, 120_000);
});
