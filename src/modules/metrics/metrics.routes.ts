/**
 * GET /metrics: the Prometheus text format (prom-client), for a scraper, not for clients.
 * When METRICS_TOKEN is set the scraper must send `Authorization: Bearer <token>`; anything
 * else is 10003. Without it the endpoint is open: keep it off the public network then.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Container } from '../../container.js';
import { AppError, ErrorCode } from '../../platform/errors.js';
import { bearerToken } from '../../platform/request-context.js';
import { constantTimeEqual } from '../../platform/secrets.js';

export const metricsRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (app, { container }) => {
  const { metrics, config } = container;

  // Hidden from the OpenAPI document: not a JSON endpoint and not part of the client API.
  app.get('/metrics', { schema: { hide: true, tags: ['health'], summary: 'Prometheus metrics' } }, async (req, reply) => {
    const expected = config.metricsToken;
    if (expected) {
      const given = bearerToken(req.headers.authorization);
      if (!given || !constantTimeEqual(given, expected)) throw new AppError(ErrorCode.Forbidden, 'metrics token required');
    }
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
};
