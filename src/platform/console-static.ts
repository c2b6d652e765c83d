/**
 * The operator console (console/, built by Vite into dist/console) at /admin. Files are
 * listed once at start-up, one route each, so that no wildcard route under /admin can
 * swallow `/admin/api/*`: unknown API paths still fall to the JSON not-found handler of
 * the longer prefix, and every other GET under /admin answers the app's index.html, so a
 * client route survives a reload. Hashed assets are cached for a year; index.html never.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CODE_ROOT } from './dist-layout.js';
import { sendError } from './error-handler.js';
import { AppError, ErrorCode } from './errors.js';

export const CONSOLE_PREFIX = '/admin';
/** Where `npm run build` puts the console: dist/console. */
const DEFAULT_DIR = fileURLToPath(new URL('console', CODE_ROOT));

const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * The page runs only its own bundled scripts and talks only to this origin; Ant Design sets
 * styles inline, and avatars may be external images.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function sendIndex(reply: FastifyReply) {
  return reply
    .header('Content-Security-Policy', CSP)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'same-origin')
    .type('text/html; charset=utf-8')
    .sendFile('index.html');
}

export async function registerConsole(app: FastifyInstance, dir: string | undefined, legacyHttp200: boolean): Promise<void> {
  const root = dir ?? DEFAULT_DIR;
  const built = existsSync(join(root, 'index.html'));
  const noRoute = (req: FastifyRequest, reply: FastifyReply) =>
    sendError(req, reply, new AppError(ErrorCode.NoRoute, `${req.method} ${req.url}`), legacyHttp200);

  await app.register(
    async (scope) => {
      if (!built) {
        // A server started from sources without `npm run build` still answers, and says why.
        scope.setNotFoundHandler((req, reply) => {
          if (req.method !== 'GET' && req.method !== 'HEAD') return noRoute(req, reply);
          return reply
            .code(503)
            .type('text/plain; charset=utf-8')
            .send('The operator console is not built: run `npm run build` (or `npm start`).\n');
        });
        return;
      }
      await scope.register(fastifyStatic, {
        root,
        prefix: '/',
        wildcard: false,
        index: false,
        cacheControl: false,
        schemaHide: true,
        // index.html goes through sendIndex (its headers); the manifest is build metadata.
        allowedPath: (path) => path !== '/index.html' && !path.startsWith('/.'),
        setHeaders: (res, path) => {
          res.header('X-Content-Type-Options', 'nosniff');
          // sendFile('index.html') passes here too: the page must always be revalidated.
          res.header(
            'Cache-Control',
            path.endsWith('index.html') ? 'no-cache' : path.includes('/assets/') ? IMMUTABLE : 'public, max-age=3600',
          );
        },
      });
      scope.get('/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply));
      scope.setNotFoundHandler((req, reply) => {
        // Client routes are navigations; a missing hashed asset or a write is a real 404.
        const path = req.url.split('?')[0] ?? '';
        if ((req.method !== 'GET' && req.method !== 'HEAD') || path.startsWith(`${CONSOLE_PREFIX}/assets/`)) return noRoute(req, reply);
        return sendIndex(reply);
      });
    },
    { prefix: CONSOLE_PREFIX },
  );
}
