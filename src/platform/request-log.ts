/** One structured line per request: method, route, status, envelope code, duration. */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';

export function registerRequestLog(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'not_found';
    const code = String(reply.appCode ?? 0);
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode), code });
    metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    req.log.info(
      {
        method: req.method,
        // The matched route, not the raw URL: query strings may carry ids or search text.
        route,
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
