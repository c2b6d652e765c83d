/**
 * Probes for load balancers and orchestrators: /healthz (the process answers; no I/O: a
 * liveness probe that restarts nothing when the database is down) and /readyz (the
 * database, and Redis when configured, answer within 2 s; else 503 with code 10000, so the
 * balancer stops sending traffic here until they do). /metrics is in modules/metrics.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Redis } from 'ioredis';
import type { Database } from '../../db/tables.js';
import { AppError, ErrorCode } from '../../platform/errors.js';
import { ok, success } from '../../platform/schemas.js';

const Status = Type.Object({ status: Type.String() });
const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), CHECK_TIMEOUT_MS).unref()),
  ]);
}

export interface HealthRoutesDeps {
  db: Kysely<Database>;
  /** The shared Redis connection, when REDIS_URL is set. */
  redis: Redis | undefined;
}

export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesDeps> = async (app, { db, redis }) => {
  const tags = ['health'];

  app.get('/healthz', { schema: { tags, summary: 'The process is up', response: ok(Status) } }, () => success({ status: 'ok' }));

  app.get('/readyz', { schema: { tags, summary: 'Database (and Redis) reachable', response: ok(Status) } }, async (req) => {
    const checks: Promise<unknown>[] = [withTimeout(sql`select 1`.execute(db), 'database')];
    if (redis) {
      // A Redis client that is reconnecting would queue the PING; say so at once instead.
      checks.push(redis.status === 'ready' ? withTimeout(redis.ping(), 'redis') : Promise.reject(new Error(`redis is ${redis.status}`)));
    }
    const failed = (await Promise.allSettled(checks)).filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      req.log.warn({ err: failed.map((r) => String((r.reason as Error).message)) }, 'not ready');
      throw new AppError(ErrorCode.Internal, 'not ready', undefined, 503);
    }
    return success({ status: 'ready' });
  });
};
