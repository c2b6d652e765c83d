/** One structured line per request: method, route, status, envelope code, duration. */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

export interface RequestLine {
  reqId: string;
  method: string;
  /** The matched route, not the raw URL: query strings may carry ids or search text. */
  route: string;
  status: number;
  code: number;
  appId: string | undefined;
  ms: number;
}

/** Where request lines go: logger.ts's hand-built writer, or a pino logger (tests). */
export interface RequestLines {
  /** Fixed at start: no line is built when it would be dropped. */
  readonly enabled: boolean;
  write(line: RequestLine): void;
}

/** Request lines through a pino logger, with the request id as a field (no child per request). */
export function pinoRequestLines(logger: Logger): RequestLines {
  return {
    enabled: logger.isLevelEnabled('info'),
    write: (l) =>
      logger.info(
        { reqId: l.reqId, method: l.method, route: l.route, status: l.status, code: l.code, app_id: l.appId, ms: l.ms },
        'request',
      ),
  };
}

export function registerRequestLog(app: FastifyInstance, lines: RequestLines, metrics: Metrics): void {
  const logRequests = lines.enabled;
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'not_found';
    const code = reply.appCode ?? 0;
    const elapsed = reply.elapsedTime;
    metrics.recordRequest(req.method, route, reply.statusCode, code, elapsed / 1000);
    if (logRequests) {
      lines.write({
        reqId: req.id,
        method: req.method,
        route,
        status: reply.statusCode,
        code,
        appId: req.appId,
        ms: Math.round(elapsed * 10) / 10,
      });
    }
    done();
  });
}
