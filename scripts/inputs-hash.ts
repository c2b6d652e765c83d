/**
 * One hash of the files a build step is made of, so that `npm start`, which builds every
 * time, skips a step whose inputs did not change (build-console.ts, bundle-server.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Files under `path` (relative to the repository), sorted, without node_modules and dot files. */
function files(path: string): string[] {
  const abs = join(ROOT, path);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [path];
  return readdirSync(abs, { withFileTypes: true })
    .filter((d) => d.name !== 'node_modules' && !d.name.startsWith('.'))
    .flatMap((d) => files(join(path, d.name)))
    .sort();
}

/** SHA-256 over the names and contents of every file under `paths`. */
export function hashInputs(paths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const f of paths.flatMap(files))
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(join(ROOT, f)))
      .update('\0');
  return hash.digest('hex');
}
