/** sharp (libvips, ~15 MB resident) is loaded at the first avatar upload, not with the server. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const AVATAR_IMAGE = new URL('../../src/modules/personal/avatar-image.ts', import.meta.url).href;

function sharpLoadedAfter(code: string): boolean {
  // The native libraries the process has mapped: libvips comes with sharp.
  const script = `const m = await import(${JSON.stringify(AVATAR_IMAGE)});
    ${code}
    const loaded = process.report.getReport().sharedObjects.some((o) => o.includes('vips'));
    process.stdout.write(String(loaded));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return r.stdout.trim() === 'true';
}

describe('avatar image module', () => {
  it('does not load sharp until an image is re-encoded', { timeout: 60_000 }, () => {
    expect(sharpLoadedAfter('')).toBe(false);
    expect(sharpLoadedAfter(`await m.toAvatarWebp(Buffer.from('GIF89a')).catch(() => undefined);`)).toBe(true);
  });
});
