/**
 * Bundles the API server (src/server.ts) into dist/server.js, minified, after tsc has
 * type-checked and compiled the tree (`npm run build`). One file instead of some 850 modules
 * keeps less source text and fewer module records in V8's heap: 12–14 MB less resident
 * memory at start (docs/benchmarks.md, eighth pass). What loads only on demand (SMTP,
 * Redis, the settings compiler, jose) stays in chunks of its own under dist/chunks. The SQLite
 * writer thread's script is a second entry (dist/db/sqlite-writer.js, in place of tsc's). The
 * push worker and the CLIs run tsc's output in dist/ as before. Like the console's build, it is
 * skipped when neither its inputs nor the bundle it wrote changed (tsc rewrites
 * dist/server.js when src/server.ts changes, or when its incremental state is lost).
 *
 *   node --import tsx scripts/bundle-server.ts [--outdir dist] [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { hashInputs, ROOT } from './inputs-hash.js';

/** What the bundle is made of: the server's sources, the lockfile and this script. */
const INPUTS = ['src', 'package-lock.json', 'scripts/bundle-server.ts'];
const STAMP = '.server-bundle-stamp';

/**
 * Packages loaded from node_modules at run time, not bundled: native addons, and packages
 * that read files or start threads from paths beside their own code (__dirname).
 */
export const EXTERNAL = [
  'better-sqlite3', // native
  '@node-rs/argon2', // native (loaded by the hashing thread)
  'sharp', // native, loaded with the first avatar
  'pg', // loaded by name on PostgreSQL only (src/db/database.ts)
  'pg-native', // pg's optional native binding
  'ioredis', // with REDIS_URL only
  'bullmq', // reads its Lua scripts from files beside it
  'piscina', // starts its worker from a file beside it
  '@fastify/swagger', // reads its package.json
  '@fastify/swagger-ui', // serves its static files from beside it
  'pino', // transports start workers from files beside it
  'thread-stream',
];

export async function bundleServer(outdir = join(ROOT, 'dist')): Promise<{ bytes: number; chunks: number }> {
  rmSync(join(outdir, 'chunks'), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    // The SQLite writer thread's script, where src/db/sqlite-writer-thread.ts looks for it.
    entryPoints: { server: 'src/server.ts', 'db/sqlite-writer': 'src/db/sqlite-writer.ts' },
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Whitespace and syntax only: identifiers keep their names, so stack traces in the log
    // and error types (`err.type`) still read as in the source. Renaming them would save
    // ~1.5 MB more; esbuild's keepNames, which restores names after renaming, wraps every
    // function as it is created, and closures made per request paid it (personal_info
    // 48 → 64 µs of CPU a request).
    minifyWhitespace: true,
    minifySyntax: true,
    // Not loaded unless node runs with --enable-source-maps (docs/production.md): then stack
    // traces point into src/*.ts.
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'linked',
    external: EXTERNAL,
    define: { APPDESK_BUNDLED: 'true' },
    // CommonJS packages inside an ES module bundle call require() for Node's own modules.
    banner: { js: "import { createRequire as __appdeskRequire } from 'node:module'; const require = __appdeskRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
  const chunks = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js') && f.includes('/chunks/'));
  return { bytes: statSync(join(outdir, 'server.js')).size, chunks: chunks.length };
}

/** The stamp of a bundle: its inputs and the file it wrote. */
function stampOf(outdir: string, inputs: string): string | undefined {
  const file = join(outdir, 'server.js');
  if (!existsSync(file)) return undefined;
  return `${inputs} ${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
}

/** Bundles unless the stamp in `outdir` says the bundle there is already this one. */
export async function bundleIfChanged(outdir: string, force = false): Promise<{ bytes: number; chunks: number } | undefined> {
  const inputs = hashInputs(INPUTS);
  const stampFile = join(outdir, STAMP);
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stampOf(outdir, inputs)) return undefined;
  const built = await bundleServer(outdir);
  writeFileSync(stampFile, stampOf(outdir, inputs)!);
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' }, force: { type: 'boolean' } } });
  const outdir = values.outdir ?? join(ROOT, 'dist');
  const target = relative(ROOT, join(outdir, 'server.js'));
  const built = await bundleIfChanged(outdir, values.force);
  console.log(
    built
      ? `server: bundled into ${target} (${(built.bytes / 1e6).toFixed(2)} MB, ${built.chunks} chunks loaded on demand)`
      : `server: up to date (${target})`,
  );
}
