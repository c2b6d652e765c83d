/**
 * Bundles the API server (src/server.ts) into dist/server.js, minified, after tsc has
 * type-checked and compiled the tree (`npm run build`). One file instead of some 850 modules
 * keeps less source text and fewer module records in V8's heap: 12–14 MB less resident
 * memory at start (docs/benchmarks.md, eighth pass). What loads only on demand (SMTP,
 * Redis, the settings compiler, jose) stays in chunks of its own under dist/chunks. The push
 * worker and the CLIs run tsc's output in dist/ as before.
 *
 *   node --import tsx scripts/bundle-server.ts [--outdir dist]
 */
import { rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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
    entryPoints: { server: 'src/server.ts' },
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
  const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
  return { bytes: statSync(join(outdir, 'server.js')).size, chunks: outputs.length - 1 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  const outdir = values.outdir ?? join(ROOT, 'dist');
  const { bytes, chunks } = await bundleServer(outdir);
  console.log(
    `server: bundled into ${relative(ROOT, join(outdir, 'server.js'))} (${(bytes / 1e6).toFixed(2)} MB, ${chunks} chunks loaded on demand)`,
  );
}
