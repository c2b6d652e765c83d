/** One structured line per request: method, route, status, envelope code, duration. */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

export function registerRequestLog(app: FastifyInstance, logger: Logger, metrics: Metrics): void {
  // The level is set once at start; skip building the line when it would be dropped.
  const logRequests = logger.isLevelEnabled('info');
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'not_found';
    const code = reply.appCode ?? 0;
    metrics.recordRequest(req.method, route, reply.statusCode, code, reply.elapsedTime / 1000);
    if (logRequests) {
      // Through the root logger with the request id as a field: the same line a request's
      // child logger would write, without making one per request (request-logger.ts).
      logger.info(
        {
          reqId: req.id,
          method: req.method,
          // The matched route, not the raw URL: query strings may carry ids or search text.
          route,
          status: reply.statusCode,
          code,
          app_id: req.appId,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request',
      );
    }
    done();
  });
}
