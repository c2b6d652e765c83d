/** One structured line per request: method, route, status, envelope code, duration. */
import type { FastifyInstance } from 'fastify';

export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info(
      {
        method: req.method,
        // The matched route, not the raw URL: query strings may carry ids or search text.
        route: req.routeOptions.url ?? 'not_found',
        status: reply.statusCode,
        code: reply.appCode ?? 0,
        app_id: req.appId,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}
