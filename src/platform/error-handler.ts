/**
 * The one place errors become responses: the contract's envelope, its HTTP status (or 200
 * with LEGACY_HTTP_200), a localised message. Internal causes go to the log with the
 * request id; the client never sees a stack, a SQL error or a secret.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode, HTTP_STATUS, MESSAGES, pickLocale, type FieldError } from './errors.js';

declare module 'fastify' {
  interface FastifyReply {
    /** The envelope code sent, for the request log line. */
    appCode?: number;
  }
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: { missingProperty?: string; additionalProperty?: string };
}

function fieldsFromValidation(errors: AjvLikeError[], context: string | undefined): FieldError[] {
  return errors.slice(0, 10).map((e) => {
    const path = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const missing = e.params?.missingProperty;
    const field = missing ? (path ? `${path}.${missing}` : missing) : path || context || 'body';
    return { field, reason: e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid') };
  });
}

/** The size limit a request was refused for: its route's bodyLimit, else the app's. */
function sizeLimit(req: FastifyRequest): string {
  const bytes = req.routeOptions.bodyLimit;
  if (!bytes) return 'larger than the size limit';
  if (bytes % (1024 * 1024) === 0) return `larger than ${bytes / (1024 * 1024)} MiB`;
  return bytes % 1024 === 0 ? `larger than ${bytes / 1024} KiB` : `larger than ${bytes} bytes`;
}

function toAppError(err: FastifyError | AppError | Error, req: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & { validation?: AjvLikeError[]; validationContext?: string };
  if (fe.validation) {
    return new AppError(ErrorCode.InvalidField, fe.message, fieldsFromValidation(fe.validation, fe.validationContext));
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new AppError(ErrorCode.InvalidField, 'body too large', [{ field: 'body', reason: sizeLimit(req) }], 413);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Malformed JSON, wrong content type, empty JSON body: all invalid requests.
    return new AppError(ErrorCode.InvalidField, `${fe.code ?? 'client error'}: ${fe.message}`, [
      { field: 'body', reason: 'malformed request' },
    ]);
  }
  return new AppError(ErrorCode.Internal, err.message);
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: AppError, legacyHttp200: boolean): FastifyReply {
  const locale = req.locale ?? pickLocale(req.headers['accept-language']);
  const status = err.httpStatus ?? HTTP_STATUS[err.code];
  reply.appCode = err.code;
  const data = err.fields && err.fields.length > 0 ? { fields: err.fields } : {};
  return reply
    .code(legacyHttp200 ? 200 : status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ code: err.code, message: MESSAGES[locale][err.code], data }));
}

export function registerErrorHandling(app: FastifyInstance, legacyHttp200: boolean): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const appErr = toAppError(err, req);
    if (appErr.code === ErrorCode.Internal) {
      req.log.error({ err }, 'request failed');
    } else {
      req.log.debug({ code: appErr.code, detail: appErr.message }, 'request refused');
    }
    return sendError(req, reply, appErr, legacyHttp200);
  });
}
