/**
 * Where the files shipped beside the code are: the operator console (dist/console) and the
 * argon2 worker's script (dist/platform/argon2-worker.cjs). Under tsc's output and tsx, this
 * module sits in platform/ of its tree; in the bundled server (scripts/bundle-server.ts)
 * every module is dist/server.js, and the bundler sets APPDESK_BUNDLED so that the root is
 * found from there instead.
 */
declare const APPDESK_BUNDLED: boolean | undefined;

const bundled = typeof APPDESK_BUNDLED !== 'undefined' && APPDESK_BUNDLED;

/** The folder holding server.js: dist/ when built, src/ under tsx. */
export const CODE_ROOT = new URL(bundled ? './' : '../', import.meta.url);
