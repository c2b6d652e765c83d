/**
 * Probes for load balancers and orchestrators: /healthz (the process answers; no I/O) and
 * /readyz (the database, and Redis when configured, answer). /metrics for Prometheus,
 * behind METRICS_TOKEN when set.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { AppError, ErrorCode } from '../../platform/errors.js';
import { bearerToken } from '../../platform/request-context.js';
import { ok, success } from '../../platform/schemas.js';
import { constantTimeEqual } from '../../platform/secrets.js';

const Status = Type.Object({ status: Type.String() });
const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), CHECK_TIMEOUT_MS).unref()),
  ]);
}

export const healthRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (app, { container }) => {
  const tags = ['health'];

  app.get('/healthz', { schema: { tags, summary: 'The process is up', response: ok(Status) } }, () => success({ status: 'ok' }));

  app.get('/readyz', { schema: { tags, summary: 'Database (and Redis) reachable', response: ok(Status) } }, async (req) => {
    try {
      await withTimeout(sql`select 1`.execute(container.database.db), 'database');
      if (container.redis) await withTimeout(container.redis.ping(), 'redis');
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'not ready');
      throw new AppError(ErrorCode.Internal, 'not ready', undefined, 503);
    }
    return success({ status: 'ready' });
  });

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    const expected = container.config.metricsToken;
    if (expected) {
      const given = bearerToken(req.headers.authorization);
      if (!given || !constantTimeEqual(given, expected)) throw new AppError(ErrorCode.Forbidden, 'metrics token required');
    }
    const body = await container.metrics.registry.metrics();
    return reply.header('content-type', container.metrics.registry.contentType).send(body);
  });
};
