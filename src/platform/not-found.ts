/**
 * Unknown paths and methods: the envelope, 10002. The API prefixes answer it from not-found
 * handlers of their own, so that a later plugin registered under another prefix can claim
 * that one — the web console's single-page app under `/admin` will serve its HTML for
 * `/admin` and `/admin/<anything>` with `setNotFoundHandler` in a plugin registered with
 * `{ prefix: '/admin' }` — while `/admin/api/*` and `/api/*` stay JSON. Fastify picks the
 * not-found handler of the longest matching prefix.
 *
 * Call after every root hook is added: a prefix's scope keeps the hooks its parent had when
 * it was registered, and not-found requests still need the request context and log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './error-handler.js';
import { AppError, ErrorCode } from './errors.js';

export const API_PREFIXES = ['/api', '/admin/api'] as const;

export async function registerNotFound(app: FastifyInstance, legacyHttp200: boolean): Promise<void> {
  const noRoute = (req: FastifyRequest, reply: FastifyReply) =>
    sendError(req, reply, new AppError(ErrorCode.NoRoute, `${req.method} ${req.url}`), legacyHttp200);
  app.setNotFoundHandler(noRoute);
  for (const prefix of API_PREFIXES) {
    await app.register(
      async (scope) => {
        scope.setNotFoundHandler(noRoute);
      },
      { prefix },
    );
  }
}
