/**
 * Browser tests drive the built console in Debian's chromium: build the console once before
 * the run (nothing happens when its sources did not change since the last build,
 * scripts/build-console.ts), and make sure the browser is there. A fresh machine has no
 * chromium: as root with apt-get, it is installed here (as .ci/run does), so that
 * `npm ci && npm test` is the whole set-up; elsewhere the run stops with what to install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './browser.js';

const PACKAGES = ['chromium', 'fonts-wqy-microhei'];

function ensureChromium(): void {
  const path = chromiumPath();
  if (existsSync(path)) return;
  const apt = ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => existsSync(p));
  if (path !== '/usr/bin/chromium' || !apt || process.getuid?.() !== 0) {
    throw new Error(
      `The console's browser tests need chromium at ${path}: apt-get install -y ${PACKAGES.join(' ')} (or set CHROMIUM_PATH)`,
    );
  }
  process.stdout.write(`Installing Debian's ${PACKAGES.join(' and ')} for the console's browser tests (once)...\n`);
  // Both database projects run this setup, possibly at once: the second waits for dpkg's lock.
  const install = () =>
    execFileSync(apt, ['install', '-y', '-qq', '-o', 'DPkg::Lock::Timeout=600', ...PACKAGES], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    install();
  } catch {
    // A fresh machine may not have the package lists yet.
    execFileSync(apt, ['update', '-qq', '-o', 'DPkg::Lock::Timeout=600'], { stdio: ['ignore', 'ignore', 'inherit'] });
    install();
  }
  if (!existsSync(path)) throw new Error(`apt-get installed ${PACKAGES.join(' ')} but ${path} is still missing`);
}

export default function setup(): void {
  ensureChromium();
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-console.ts'], { stdio: 'inherit' });
}
