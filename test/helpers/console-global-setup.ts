/**
 * Browser tests drive the built console: build it once before the run (nothing happens when
 * its sources did not change since the last build, scripts/build-console.ts).
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-console.ts'], { stdio: 'inherit' });
}
