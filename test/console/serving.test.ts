/**
 * How the server serves the console at /admin, on a small built console of the test's own:
 * client routes answer index.html, hashed assets are immutable, and nothing under /admin
 * shadows the admin API's JSON answers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="/admin/assets/index-AbC123.js"></script></body></html>';
let dir: string;
let t: TestApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'appdesk-console-'));
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, '.vite'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets/index-AbC123.js'), 'console.log("hi")');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, '.vite/manifest.json'), '{}');
  t = await buildTestApp({ env: { CONSOLE_DIR: dir } });
});

afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the console at /admin', () => {
  it('answers index.html for the console and any client route, never cached, with a CSP', async () => {
    for (const url of ['/admin', '/admin/', '/admin/users/12', '/admin/feedback/3?status=0', '/admin/index.html']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
      expect(res.body, url).toBe(INDEX);
    }
  });

  it('sends hashed assets with a year-long immutable cache, other files for an hour', async () => {
    const js = await t.app.inject({ method: 'GET', url: '/admin/assets/index-AbC123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe('console.log("hi")');
    const icon = await t.app.inject({ method: 'GET', url: '/admin/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('keeps the JSON not-found answer for the admin API, missing assets, build metadata and writes', async () => {
    for (const [method, url] of [
      ['GET', '/admin/api/nothing-here'],
      ['POST', '/admin/api/nothing-here'],
      ['GET', '/admin/assets/index-Gone99.js'],
      ['POST', '/admin/users'],
      ['DELETE', '/admin'],
    ] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json(), `${method} ${url}`).toMatchObject({ code: 10002 });
    }
    // Build metadata is not served as a file (it falls to the page, like any unknown path).
    const manifest = await t.app.inject({ method: 'GET', url: '/admin/.vite/manifest.json' });
    expect(manifest.body).toBe(INDEX);
  });

  it('leaves the admin API itself alone', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/api/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 10004 });
  });
});

describe('a server without a built console', () => {
  it('says how to build it, and keeps JSON for the API', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'appdesk-console-none-'));
    const bare = await buildTestApp({ env: { CONSOLE_DIR: empty } });
    try {
      const page = await bare.app.inject({ method: 'GET', url: '/admin/users' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toMatch(/npm run build/);
      const api = await bare.app.inject({ method: 'GET', url: '/admin/api/nothing-here' });
      expect(api.json()).toMatchObject({ code: 10002 });
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
