/**
 * The console's build as `npm start` runs it: nothing is rebuilt when nothing changed, and
 * the sign-in page stays within its JavaScript budget. The global setup has just built it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputsHash, signInJavaScript } from '../../scripts/build-console.js';
import { CONSOLE_DIR } from '../helpers/browser.js';

describe('the console build', () => {
  it('does nothing on a second run with nothing changed', () => {
    const before = statSync(join(CONSOLE_DIR, 'index.html')).mtimeMs;
    expect(readFileSync(join(CONSOLE_DIR, '.build-stamp'), 'utf8')).toBe(inputsHash());
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-console.ts'], { encoding: 'utf8' });
    expect(out).toMatch(/up to date/);
    expect(statSync(join(CONSOLE_DIR, 'index.html')).mtimeMs).toBe(before);
  }, 120_000);

  it('keeps the sign-in page under 400 KB of gzipped JavaScript, everything else in lazy chunks', () => {
    const signIn = signInJavaScript(CONSOLE_DIR);
    expect(signIn.gzipBytes).toBeGreaterThan(0);
    expect(signIn.gzipBytes).toBeLessThan(400 * 1024);
    const manifest = JSON.parse(readFileSync(join(CONSOLE_DIR, '.vite/manifest.json'), 'utf8')) as Record<
      string,
      { dynamicImports?: string[] }
    >;
    // Every page is a chunk of its own, loaded on first use.
    expect(manifest['index.html']?.dynamicImports?.length ?? 0).toBeGreaterThanOrEqual(10);
  });

  it('loads nothing from another origin', () => {
    const index = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');
    expect(index).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
