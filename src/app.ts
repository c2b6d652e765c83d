/**
 * buildApp: the Fastify instance with the platform (validation, errors, request context,
 * OpenAPI, request log) and every module's routes. No listening here: server.ts listens,
 * tests inject or listen on an ephemeral port.
 */
import { randomBytes } from 'node:crypto';
import serializerSelector from '@fastify/fast-json-stringify-compiler';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import type { Container } from './container.js';
import { registerDraining } from './modules/health/draining.js';
import { registerConsole } from './platform/console-static.js';
import { registerControlCharGuard } from './platform/control-chars.js';
import { registerErrorHandling } from './platform/error-handler.js';
import { registerNotFound } from './platform/not-found.js';
import { registerOpenApiTruth, SECURITY_SCHEMES } from './platform/openapi.js';
import { registerRequestContext } from './platform/request-context.js';
import { registerRequestLog } from './platform/request-log.js';
import { lazyChildLogger } from './platform/request-logger.js';
import { registerValidation } from './platform/validation.js';
import { lazySerializers } from './platform/lazy-compile.js';
import { registerJsonBody } from './platform/json-body.js';
import { CoalescedResponse } from './platform/write-coalescing.js';

export const BODY_LIMIT = 64 * 1024;

/**
 * Request ids: opaque and short, a random prefix per process (so that the lines of several
 * instances do not share ids) and a counter. A client-sent id is not trusted.
 */
function requestIds(): () => string {
  const prefix = randomBytes(4).toString('hex');
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}

export interface BuildOptions {
  /** Called for every route as it is added (tests enumerate the routes with it). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(container: Container, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { config } = container;
  const app = Fastify({
    // pino's Logger is wider than FastifyBaseLogger; without the cast the instance type carries pino's.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: container.logger as FastifyBaseLogger,
    // Fastify's two lines per request are replaced by one (platform/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    // Answers ended in one turn of the event loop are written together (platform/write-coalescing.ts).
    http: { ServerResponse: CoalescedResponse },
    bodyLimit: BODY_LIMIT,
    requestTimeout: config.requestTimeoutMs,
    // Requests arriving while closing get the envelope instead (modules/health/draining.ts).
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    childLoggerFactory: lazyChildLogger,
    genReqId: requestIds(),
    // Fastify's own serializers (fast-json-stringify), each built at its route's first response.
    schemaController: { compilersFactory: { buildSerializer: lazySerializers(serializerSelector()) } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  registerValidation(app);
  registerControlCharGuard(app);
  registerJsonBody(app);
  registerErrorHandling(app, config.legacyHttp200);
  registerDraining(app, config.legacyHttp200);
  registerRequestLog(app, container.requestLogger, container.metrics);
  registerRequestContext(app, container.apps, {
    user: (appId, token) => container.tokens.authenticate(appId, token),
    manager: (token) => container.managerAuth.authenticate(token),
  });
  await registerNotFound(app, config.legacyHttp200);
  registerOpenApiTruth(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'appdesk',
        version: '0.1.0',
        description: 'Accounts, profiles, push, FAQ, feedback and the operator API for mobile apps.',
      },
      components: {
        securitySchemes: SECURITY_SCHEMES,
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  for (const routes of container.routes) await routes(app);
  await registerConsole(app, config.consoleDir, config.legacyHttp200);

  return app;
}
