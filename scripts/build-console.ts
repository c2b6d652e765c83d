/**
 * Builds the operator console (console/, Vite) into dist/console, unless nothing it is
 * built from changed since the last build: `npm start` runs this every time, and a second
 * start with nothing changed must not pay for a bundle. Prints the gzipped JavaScript the
 * sign-in page loads and fails the build past the budget.
 *
 *   node --import tsx scripts/build-console.ts [--force]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { hashInputs, ROOT } from './inputs-hash.js';

const OUT = join(ROOT, 'dist/console');
const STAMP = join(OUT, '.build-stamp');
/** The sign-in page's JavaScript budget, gzipped (issue 15). */
const SIGN_IN_BUDGET = 400 * 1024;

/** What the bundle is made of: the console's sources, the API types and the lockfile. */
const INPUTS = ['console', 'clients/typescript/src', 'package-lock.json'];

export function inputsHash(): string {
  return hashInputs(INPUTS);
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

/** The JavaScript files a chunk needs before it runs: itself and its static imports. */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const dep of chunk.imports ?? []) staticClosure(manifest, dep, seen);
  return seen;
}

export function signInJavaScript(outDir: string): { files: number; gzipBytes: number } {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const needed = staticClosure(manifest, 'index.html');
  staticClosure(manifest, 'src/auth/sign-in-page.tsx', needed);
  let gzipBytes = 0;
  for (const file of needed) gzipBytes += gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
  return { files: needed.size, gzipBytes };
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const hash = inputsHash();
  if (!force && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash && existsSync(join(OUT, 'index.html'))) {
    console.log('console: up to date (dist/console)');
    return;
  }
  console.log('console: building with Vite…');
  // Always a production bundle: under vitest NODE_ENV is "test", which would ship React's
  // development build (about 80 KB more gzipped) and measure the budget on it.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'console/vite.config.ts'), logLevel: 'warn' });
  const { files: count, gzipBytes } = signInJavaScript(OUT);
  const kb = (gzipBytes / 1024).toFixed(1);
  console.log(
    `console: built into ${relative(ROOT, OUT)}; the sign-in page loads ${kb} KB of gzipped JavaScript in ${count} files (budget 400 KB)`,
  );
  if (gzipBytes > SIGN_IN_BUDGET) {
    console.error('console: the sign-in page is over its JavaScript budget');
    process.exit(1);
  }
  writeFileSync(STAMP, hash);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
