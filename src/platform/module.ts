/**
 * What a domain module hands the app: its routes, bound to the module's own dependencies.
 * Route files receive only what they use (never the whole container), and app.ts
 * registers every module's routes without knowing what they need.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

export type Routes = (app: FastifyInstance) => Promise<void>;

/** Binds a route plugin to its dependencies. */
export function bindRoutes<O extends object>(plugin: FastifyPluginAsync<O>, deps: O): Routes {
  return async (app) => {
    await app.register(plugin, deps);
  };
}
