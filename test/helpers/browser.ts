/**
 * The console in a real browser: Debian's chromium driven by playwright-core, against a real
 * appdesk process (src/server.ts) serving the built console on this pass's database.
 * Screenshots land in test/artifacts/console/ (one per page; look at them).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from './database.js';
import { call, startServer, type ServerProcess } from './server-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CONSOLE_DIR = join(ROOT, 'dist/console');
export const ARTIFACTS = join(ROOT, 'test/artifacts/console');
export const ADMIN = { username: 'admin', password: 'admin-password' };

/** Bound for one browser step on a loaded CI machine; a healthy one takes well under a second. */
export const STEP_MS = 60_000;

/** Debian's chromium, or CHROMIUM_PATH. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface ConsoleServer {
  server: ServerProcess;
  database: TestDatabase;
  url: string;
  stop(): Promise<void>;
}

export async function startConsoleServer(env: Record<string, string> = {}): Promise<ConsoleServer> {
  const database = await createTestDatabase();
  const server = await startServer({ DATABASE_URL: database.url, CONSOLE_DIR, APPDESK_WORKER: 'true', ...env });
  return {
    server,
    database,
    url: server.url,
    async stop() {
      await server.stop();
      await database.drop();
    },
  };
}

/** A browser context in a given language and colour scheme (the console follows both). */
export async function newContext(
  browser: Browser,
  options: { locale?: string; colorScheme?: 'light' | 'dark' } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1440, height: 900 },
  });
  context.setDefaultTimeout(STEP_MS);
  return context;
}

export async function signIn(page: Page, url: string, creds = ADMIN): Promise<void> {
  await page.goto(`${url}/admin/sign-in`);
  await page.getByLabel(/username|用户名/i).fill(creds.username);
  await page.getByLabel(/password|密码/i).fill(creds.password);
  await page.getByRole('button', { name: /sign in|登\s*录/i }).click();
  await page.getByTestId('nav').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A manager token for API-side setup and checks (the browser signs in by itself). */
export async function adminToken(url: string): Promise<string> {
  const res = await call(url, 'POST', '/admin/api/auth/login', ADMIN);
  if (res.body.code !== 0) throw new Error(`admin login: ${JSON.stringify(res.body)}`);
  return res.body.data.access_token as string;
}

/** Admin API headers; no X-App-Id means the default app (its id is ""). */
export function adminHeaders(token: string, appId = ''): Record<string, string> {
  return { authorization: `Token ${token}`, ...(appId ? { 'x-app-id': appId } : {}) };
}

/**
 * Clicks a button of a dialog or popconfirm that has just opened, once AntD's opening motion
 * is over, then waits for it to close. In CI on a loaded machine a click sent while the
 * overlay was still zooming in, or into one still closing from the step before, did nothing:
 * the push compose test saw no create call, the FAQ editor's Save stayed covered for 60 s,
 * and a user's second enable/disable confirmation was never answered.
 */
export async function clickInNewDialog(page: Page, dialog: Locator, button: string): Promise<void> {
  await dialog.waitFor();
  const handle = await dialog.elementHandle();
  await page.waitForFunction((el) => !/\bant-[a-z-]+-(appear|enter)\b/.test((el as Element).className), handle, { timeout: STEP_MS });
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'hidden', timeout: STEP_MS });
}
