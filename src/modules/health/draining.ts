/**
 * While the server closes (SIGTERM), requests still arriving on kept-alive connections are
 * answered at once with the envelope (10000, HTTP 503, Connection: close), so a balancer
 * retries them elsewhere and clients still get a body they can read. Fastify's own
 * return503OnClosing would answer a body outside the contract; app.ts turns it off.
 */
import type { FastifyInstance } from 'fastify';
import { sendError } from '../../platform/error-handler.js';
import { AppError, ErrorCode } from '../../platform/errors.js';

/** Register before any other onRequest hook: a draining server does no more work. */
export function registerDraining(app: FastifyInstance, legacyHttp200: boolean): void {
  let draining = false;
  app.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  app.addHook('onRequest', (req, reply, done) => {
    if (!draining) {
      done();
      return;
    }
    reply.header('connection', 'close');
    // Answering from the hook ends the request here (done is not called).
    void sendError(req, reply, new AppError(ErrorCode.Internal, 'shutting down', undefined, 503), legacyHttp200);
  });
}
