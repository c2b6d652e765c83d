/** Probes and metrics for the operators' infrastructure (not part of the client API). */
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import type { Metrics } from '../../platform/metrics.js';
import { bindRoutes } from '../../platform/module.js';
import { metricsRoutes } from '../metrics/metrics.routes.js';
import { healthRoutes } from './health.routes.js';

export interface HealthModuleDeps {
  db: Kysely<Database>;
  redis: Redis | undefined;
  metrics: Metrics;
  metricsToken: string | undefined;
}

export function createHealthModule(deps: HealthModuleDeps) {
  const health = bindRoutes(healthRoutes, { db: deps.db, redis: deps.redis });
  const metrics = bindRoutes(metricsRoutes, { metrics: deps.metrics, metricsToken: deps.metricsToken });
  return {
    routes: async (app: Parameters<typeof health>[0]) => {
      await health(app);
      await metrics(app);
    },
  };
}
