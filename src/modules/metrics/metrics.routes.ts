/**
 * GET /metrics: the Prometheus text format (prom-client), for a scraper, not for clients.
 * When METRICS_TOKEN is set the scraper must send `Authorization: Bearer <token>`; anything
 * else is 10003. Without it the endpoint is open: keep it off the public network then.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Metrics } from '../../platform/metrics.js';
import { AppError, ErrorCode } from '../../platform/errors.js';
import { bearerToken } from '../../platform/request-context.js';
import { constantTimeEqual } from '../../platform/secrets.js';

export interface MetricsRoutesDeps {
  metrics: Metrics;
  /** METRICS_TOKEN: the scraper's bearer token, when set. */
  metricsToken: string | undefined;
}

export const metricsRoutes: FastifyPluginAsyncTypebox<MetricsRoutesDeps> = async (app, { metrics, metricsToken }) => {
  // Hidden from the OpenAPI document: not a JSON endpoint and not part of the client API.
  app.get('/metrics', { schema: { hide: true, tags: ['health'], summary: 'Prometheus metrics' } }, async (req, reply) => {
    const expected = metricsToken;
    if (expected) {
      const given = bearerToken(req.headers.authorization);
      if (!given || !constantTimeEqual(given, expected)) throw new AppError(ErrorCode.Forbidden, 'metrics token required');
    }
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
};
